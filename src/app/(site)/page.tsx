import { HomePage, homeMetadata } from '../../readerSite/pages/HomePage'

export const dynamic = 'force-dynamic'
export const generateMetadata = homeMetadata
export default HomePage

import { PublishedStoryPage, publishedStoryMetadata } from '../../../../readerSite/pages/PublishedStoryPage'

export const dynamic = 'force-dynamic'
export const generateMetadata = publishedStoryMetadata
export default PublishedStoryPage

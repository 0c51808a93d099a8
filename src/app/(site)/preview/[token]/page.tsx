import { SharedPreviewPage, previewMetadata } from '../../../../readerSite/pages/SharedPreviewPage'

export const dynamic = 'force-dynamic'
export const generateMetadata = previewMetadata
export default SharedPreviewPage

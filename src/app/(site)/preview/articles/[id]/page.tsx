import { StaffDraftPage, previewMetadata } from '../../../../../readerSite/pages/StaffDraftPage'

export const dynamic = 'force-dynamic'
export const generateMetadata = previewMetadata
export default StaffDraftPage

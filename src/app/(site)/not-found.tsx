export { NotFoundPage as default } from '../../readerSite/pages/NotFoundPage'

// The story editor's image cards read their photos together, in one list read, instead of one request per image
// (src/lexical/photoCardReads.ts): a story of 200 images opens in a handful of requests.
import { createServerFeature } from '@payloadcms/richtext-lexical'

export const PhotoCardsInOneRequestFeature = createServerFeature({
  key: 'photoCardsInOneRequest',
  feature: { ClientFeature: '/src/lexical/PhotoCardsInOneRequestClient#PhotoCardsInOneRequestClient' },
})

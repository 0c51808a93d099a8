// Under every image in the story editor: the caption and the credit line readers will see (or what is missing),
// from the same answer as the story's side panels, so showing them costs no request of their own.
import { createServerFeature } from '@payloadcms/richtext-lexical'

export const CreditLinesUnderImagesFeature = createServerFeature({
  key: 'creditLinesUnderImages',
  feature: { ClientFeature: '/src/lexical/CreditLinesUnderImagesClient#CreditLinesUnderImagesClient' },
})

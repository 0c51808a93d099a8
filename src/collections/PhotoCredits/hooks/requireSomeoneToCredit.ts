import { type CollectionBeforeValidateHook, ValidationError } from 'payload'

import { hasAttributionParts } from '../creditLine'

const merged = (data: Record<string, unknown> | undefined, originalDoc: Record<string, unknown> | undefined, key: string) =>
  data && key in data ? data[key] : originalDoc?.[key]

export const requireSomeoneToCredit: CollectionBeforeValidateHook = ({ data, originalDoc }) => {
  const agencies = merged(data, originalDoc, 'agencies')
  const hasParts = hasAttributionParts({
    photographer: merged(data, originalDoc, 'photographer') as string | null,
    agencies: Array.isArray(agencies) ? agencies.map((agency) => (agency ? 'agency' : null)) : [],
    courtesyOf: merged(data, originalDoc, 'courtesyOf') ? 'organization' : null,
  })
  if (!hasParts) {
    throw new ValidationError({
      collection: 'photo-credits',
      errors: [
        {
          path: 'photographer',
          message: 'A photo credit needs at least a photographer, an agency or a “courtesy of” organization.',
        },
      ],
    })
  }
  return data
}

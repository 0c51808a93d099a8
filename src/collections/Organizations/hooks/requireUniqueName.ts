import { type CollectionBeforeValidateHook, ValidationError } from 'payload'

import { isRealText, visibleTextOrNull } from '../../../fields/realText'
import { normalizeName } from '../../../fields/slugify'

/**
 * Postgres `unique` is case-sensitive, so the name is also stored as a normalised key (unique in the
 * database) and checked here first, to answer with a sentence instead of a constraint name.
 */
export const requireUniqueName: CollectionBeforeValidateHook = async ({ data, originalDoc, req }) => {
  const name = data?.name ?? originalDoc?.name
  // Invisible-only names are refused by the field's validation, with its own message.
  if (!isRealText(name)) return data
  const nameKey = normalizeName(name)
  const existing = await req.payload.find({
    collection: 'organizations',
    where: { nameKey: { equals: nameKey }, ...(originalDoc?.id ? { id: { not_equals: originalDoc.id } } : {}) },
    limit: 1,
    depth: 0,
    req,
    overrideAccess: true,
  })
  if (existing.docs.length) {
    throw new ValidationError({
      collection: 'organizations',
      errors: [
        {
          path: 'name',
          message: `An organization named “${existing.docs[0].name}” already exists. Use that one instead of creating a copy.`,
        },
      ],
    })
  }
  return { ...data, name: visibleTextOrNull(name), nameKey }
}

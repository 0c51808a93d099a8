import type { CollectionAfterChangeHook } from 'payload'

/** Credit lines are stored text; when an organization's name changes, every line that names it is re-rendered. */
export const rerenderCreditLinesOnRename: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || previousDoc?.name === doc.name) return doc
  await req.payload.update({
    collection: 'photo-credits',
    where: { or: [{ agencies: { in: [doc.id] } }, { courtesyOf: { equals: doc.id } }] },
    data: {},
    req,
    overrideAccess: true,
    depth: 0,
  })
  return doc
}

import type { CollectionBeforeChangeHook } from 'payload'

import { formatCreditLine } from '../creditLine'
import { idOf } from '../../../fields/relationIds'

type Ref = number | string | { id: number | string; name?: string } | null | undefined

const isStoredId = (id: unknown) => Number.isSafeInteger(Number(id)) && Number(id) > 0

/** Stores the house credit line so it can be read at any depth and queried, without a lookup per image. */
export const renderCreditLine: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  // Field validation runs after this hook and answers a list that is not a list with a readable 400.
  if ('agencies' in data && data.agencies != null && !Array.isArray(data.agencies)) return data
  const agencies: Ref[] = 'agencies' in data ? (data.agencies ?? []) : (originalDoc?.agencies ?? [])
  const courtesyOf: Ref = 'courtesyOf' in data ? data.courtesyOf : originalDoc?.courtesyOf
  const ids = [...agencies.map(idOf), idOf(courtesyOf)].filter(isStoredId)

  const names = new Map<string, string>()
  if (ids.length) {
    const { docs } = await req.payload.find({
      collection: 'organizations',
      where: { id: { in: ids } },
      pagination: false,
      depth: 0,
      select: { name: true },
      req,
      overrideAccess: true,
    })
    docs.forEach((organization) => names.set(String(organization.id), organization.name))
  }
  const nameOf = (ref: Ref) => {
    const id = idOf(ref)
    return id === null || id === undefined ? null : (names.get(String(id)) ?? null)
  }

  return {
    ...data,
    creditLine: formatCreditLine({
      photographer: 'photographer' in data ? data.photographer : originalDoc?.photographer,
      isPool: 'pool' in data ? data.pool : originalDoc?.pool,
      agencies: agencies.map(nameOf),
      courtesyOf: nameOf(courtesyOf),
    }),
  }
}

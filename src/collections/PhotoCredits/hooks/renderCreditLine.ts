import type { CollectionBeforeChangeHook } from 'payload'

import { formatCreditLine } from '../../../lib/creditLine'
import { idOf } from '../../../lib/storyReferences'

type Ref = number | string | { id: number | string; name?: string } | null | undefined


/** Stores the house credit line so it can be read at any depth and queried, without a lookup per image. */
export const renderCreditLine: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const agencies: Ref[] = 'agencies' in data ? (data.agencies ?? []) : (originalDoc?.agencies ?? [])
  const courtesyOf: Ref = 'courtesyOf' in data ? data.courtesyOf : originalDoc?.courtesyOf
  const ids = [...agencies.map(idOf), idOf(courtesyOf)].filter((id) => id !== null && id !== undefined)

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

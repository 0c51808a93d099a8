import type { CollectionSlug, PayloadRequest, SelectType, TransformCollectionWithSelect, TypedCollectionSelect, Where } from 'payload'

type UntypedFind = (options: object) => Promise<{ docs: unknown[] }>

/**
 * Every document of `collection` matching `where`, read on the newsroom's behalf (hooks and jobs, not a person's
 * request: no access rules apply), in one query inside the request's transaction: no pages, no joined documents.
 */
export async function findEveryMatch<TSlug extends CollectionSlug, TSelect extends TypedCollectionSelect[TSlug] & SelectType>(
  req: PayloadRequest,
  query: { collection: TSlug; where: Where; select: TSelect; draft?: boolean; sort?: string },
): Promise<TransformCollectionWithSelect<TSlug, TSelect>[]> {
  // Payload's own generic signature is too deep for TypeScript to pass through a generic wrapper; the result's
  // type is restated above from the same slug and select.
  const { docs } = await (req.payload.find as UntypedFind)({ ...query, pagination: false, depth: 0, overrideAccess: true, req })
  return docs as TransformCollectionWithSelect<TSlug, TSelect>[]
}

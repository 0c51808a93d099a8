import type { CollectionBeforeChangeHook } from 'payload'

type SlugRow = { slug: string }

/** Old slugs stay on the story so front ends can redirect links that are already out in the world. */
export const keepPreviousSlugs: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const oldSlug = originalDoc?.slug
  if (!oldSlug || !data.slug || data.slug === oldSlug) return data
  const previous: SlugRow[] = data.previousSlugs ?? originalDoc?.previousSlugs ?? []
  const kept = previous.filter((row) => row.slug !== data.slug && row.slug !== oldSlug)
  return { ...data, previousSlugs: [...kept.map(({ slug }) => ({ slug })), { slug: oldSlug }] }
}

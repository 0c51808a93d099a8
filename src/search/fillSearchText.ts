import type { CollectionBeforeChangeHook } from 'payload'

import { executeSql } from '../db/execute'
import { storySearchText } from './storySearchText'

type ImageTextRow = { caption: string | null; alt: string | null; credit_line: string | null; photographer: string | null }

/**
 * beforeChange, after fillStoryReferences (which lists the story's images): writes the story's search text,
 * with the captions and credits of its images read in one statement.
 */
export const fillSearchText: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const pick = (key: string) => (key in data ? data[key] : originalDoc?.[key])
  const imageIds = (Array.isArray(data.images) ? data.images : [])
    .map((id: unknown) => Number(typeof id === 'object' && id !== null ? (id as { id: unknown }).id : id))
    .filter((id: number) => Number.isSafeInteger(id))
  const rows = imageIds.length
    ? await executeSql<ImageTextRow>(
        req,
        `select m.caption, m.alt, c.credit_line, c.photographer
         from media m left join photo_credits c on c.id = m.credit_id
         where m.id in (${imageIds.join(',')})`,
      )
    : []
  return {
    ...data,
    searchText: storySearchText({
      title: pick('title'),
      dek: pick('dek'),
      heroCaption: pick('heroCaption'),
      contributors: pick('contributors'),
      body: pick('body'),
      imageTexts: rows.flatMap((row) => [row.caption, row.alt, row.credit_line, row.photographer]),
    }),
  }
}

// What the story editor writes under an image (src/lexical/CreditLinesUnderImagesClient.tsx): the caption readers
// will see (this story's own, else the photo's default), the credit line, and what keeps the image from publishing.
import { type EditorialPanels, MISSING_LABELS } from '../admin/articles/storyData'

export type CreditLineKind = 'caption' | 'line' | 'missing'

export function creditLinesOf({
  image,
  panels,
}: {
  /** The photo's id, and the caption this story gives it (null: the photo's default caption). */
  image: { mediaId: string; caption: string | null }
  panels: EditorialPanels | null
}): { kind: CreditLineKind; text: string }[] {
  const facts = panels?.images.find((candidate) => String(candidate.mediaId) === image.mediaId)
  const caption = image.caption?.trim() || facts?.media?.caption?.trim() || null
  const lines: { kind: CreditLineKind; text: string }[] = []
  if (caption) lines.push({ kind: 'caption', text: caption })
  if (!facts) lines.push({ kind: 'line', text: 'The credit line shows once the story is saved.' })
  else if (facts.media?.creditLine) lines.push({ kind: 'line', text: facts.media.creditLine })
  if (facts?.missing.length) {
    lines.push({ kind: 'missing', text: `Missing: ${facts.missing.map((item) => MISSING_LABELS[item]).join(', ')}. Publishing is blocked until it is fixed.` })
  }
  return lines
}

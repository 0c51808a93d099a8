// The product's central rule, applied once more where the page is drawn: an image is shown with its credit line
// and real alt text, or not at all. Pure, unit-tested.
import type { RenderedImage } from '../publicApi/renderStory'

// Invisible characters do not make alt text or a credit line real.
const INVISIBLE = /[\s\u00AD\u200B-\u200F\u2060-\u206F\uFEFF]/g
const hasRealText = (value: unknown): value is string => typeof value === 'string' && value.replace(INVISIBLE, '') !== ''

export const isShowableImage = (image: RenderedImage | null | undefined): image is RenderedImage & { url: string; creditLine: string } =>
  Boolean(image && hasRealText(image.url) && hasRealText(image.alt) && hasRealText(image.creditLine))

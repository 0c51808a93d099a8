// A stand-in for a photo whose original the newsroom does not have yet: a plain image with the caption's
// first words, so editors recognise it in the media library.
import sharp from 'sharp'

// Just under the card rendition's 768 pixels (src/collections/Media): the placeholder serves as its own card, and
// Payload makes only the thumbnail from it. Each rendition is a decode, a resize and an encode repeated for every
// photo of an import; at 800×450 the card alone was a third of a photo's image work.
export const PLACEHOLDER_WIDTH = 760
const HEIGHT = 428
const WORDS = 8

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!)

/** A muted colour per key, so neighbouring placeholders look different. */
const colourFor = (key: string) => {
  let hash = 0
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return `hsl(${hash % 360}, 25%, 35%)`
}

export const placeholderLabel = (text: string): string => {
  const words = text.replace(/\s+/g, ' ').trim().split(' ')
  return words.length > WORDS ? `${words.slice(0, WORDS).join(' ')}…` : words.join(' ')
}

export async function placeholderImage({ label, key }: { label: string; key: string }): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PLACEHOLDER_WIDTH}" height="${HEIGHT}">
  <rect width="100%" height="100%" fill="${colourFor(key)}"/>
  <text x="50%" y="50%" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#ffffff">${escapeXml(placeholderLabel(label))}</text>
  <text x="50%" y="${HEIGHT - 28}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="17" fill="#dddddd">Placeholder: original photo needed</text>
</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer()
}

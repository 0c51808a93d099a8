// A stand-in for a photo whose original the newsroom does not have yet: a plain image with the caption's
// first words, so editors recognise it in the media library.
import sharp from 'sharp'

// Wide enough for the card size (768) and the admin's thumbnails; every extra pixel is encoding and resizing
// work repeated for each of an import's photos (1200×675 took twice as long).
const WIDTH = 800
const HEIGHT = 450
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
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="100%" height="100%" fill="${colourFor(key)}"/>
  <text x="50%" y="50%" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#ffffff">${escapeXml(placeholderLabel(label))}</text>
  <text x="50%" y="${HEIGHT - 28}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="17" fill="#dddddd">Placeholder: original photo needed</text>
</svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer()
}

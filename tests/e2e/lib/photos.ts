// Photos for the scenarios' setup, uploaded through the REST API (the upload in the admin is a scenario of its own).
import assert from 'node:assert/strict'

import sharp from 'sharp'

import type { Rest } from './rest'

/** A photographer's credit on file; its id goes on the photos they took. */
export async function createCredit({ rest, token, photographer }: { rest: Rest; token: string; photographer: string }): Promise<number> {
  const credit = await rest.call<{ doc: { id: number } }>({ method: 'POST', path: '/api/photo-credits', token, body: { photographer } })
  assert.equal(credit.status, 201, `creating the credit for ${photographer} answered ${credit.status}: ${JSON.stringify(credit.json)}`)
  return credit.json.doc.id
}

/**
 * A drawn photo of residents in front of a library's bookshelves (960×480), for the pictures the README shows: a flat
 * colour reads as a broken image there. Drawn as SVG and rendered by sharp, so nothing is downloaded.
 */
export async function readingRoomPicture(): Promise<Buffer> {
  const [width, height] = [960, 480]
  const colours = ['#8c2f39', '#2f5d8c', '#c9a227', '#3e7c59', '#6b4c9a', '#b5651d', '#1f3b4d', '#a23e48']
  // A fixed sequence, so every run draws the same shelves.
  let seed = 7
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const books: string[] = []
  for (let shelf = 0; shelf < 3; shelf += 1) {
    const bottom = 122 + shelf * 95
    for (let x = 40; x < width - 40; ) {
      const [bookWidth, bookHeight] = [10 + Math.floor(next() * 14), 60 + Math.floor(next() * 22)]
      books.push(`<rect x="${x}" y="${bottom - bookHeight}" width="${bookWidth}" height="${bookHeight}" fill="${colours[Math.floor(next() * colours.length)]}"/>`)
      x += bookWidth + 2
    }
    books.push(`<rect x="30" y="${bottom}" width="${width - 60}" height="8" fill="#5b3a1e"/>`)
  }
  const people = (
    [
      [180, '#333f48'],
      [330, '#4a3b36'],
      [520, '#2d4a5a'],
      [700, '#553d4f'],
      [820, '#394d3a'],
    ] as const
  ).map(([x, colour]) => `<circle cx="${x}" cy="${height - 120}" r="26" fill="${colour}"/><rect x="${x - 40}" y="${height - 92}" width="80" height="120" rx="30" fill="${colour}"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f1e3c8"/><stop offset="1" stop-color="#d9c29a"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#wall)"/>${books.join('')}
    <rect x="0" y="${height - 70}" width="${width}" height="70" fill="#7a5230"/>${people.join('')}
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer()
}

/** Uploads a JPEG (plain, unless `jpeg` is given) with its alt text (and a credit and caption when given); resolves with the photo's id. */
export async function uploadPhoto({
  rest,
  token,
  name,
  alt,
  credit,
  caption,
  width = 640,
  height = 420,
  jpeg,
}: {
  rest: Rest
  token: string
  name: string
  alt: string
  credit?: number
  caption?: string
  width?: number
  height?: number
  jpeg?: Buffer
}): Promise<number> {
  const file = jpeg ?? (await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 70, b: 120 } } }).jpeg().toBuffer())
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), name)
  form.append('_payload', JSON.stringify({ alt, credit, caption }))
  const { status, json } = await rest.call<{ doc: { id: number } }>({ method: 'POST', path: '/api/media', token, body: form })
  assert.equal(status, 201, `uploading ${name} answered ${status}: ${JSON.stringify(json)}`)
  return json.doc.id
}

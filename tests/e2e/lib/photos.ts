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

/** Uploads a plain JPEG with its alt text (and a credit and caption when given); resolves with the photo's id. */
export async function uploadPhoto({
  rest,
  token,
  name,
  alt,
  credit,
  caption,
  width = 640,
  height = 420,
}: {
  rest: Rest
  token: string
  name: string
  alt: string
  credit?: number
  caption?: string
  width?: number
  height?: number
}): Promise<number> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 70, b: 120 } } }).jpeg().toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), name)
  form.append('_payload', JSON.stringify({ alt, credit, caption }))
  const { status, json } = await rest.call<{ doc: { id: number } }>({ method: 'POST', path: '/api/media', token, body: form })
  assert.equal(status, 201, `uploading ${name} answered ${status}: ${JSON.stringify(json)}`)
  return json.doc.id
}

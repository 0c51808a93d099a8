import type { Payload } from 'payload'
import sharp from 'sharp'

let imageCounter = 0

export async function imageBuffer(color = '#3366aa'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toBuffer()
}

export async function createOrganization(payload: Payload, name: string, kind = 'advocacy') {
  return payload.create({ collection: 'organizations', data: { name, kind: kind as never }, overrideAccess: true })
}

export async function createCredit(
  payload: Payload,
  data: { photographer?: string; pool?: boolean; agencies?: number[]; courtesyOf?: number; licenseExpiresAt?: string },
) {
  return payload.create({ collection: 'photo-credits', data, overrideAccess: true })
}

export async function createMedia(
  payload: Payload,
  { alt = 'A person holds a sign at a vigil', credit, name }: { alt?: string | null; credit?: number | null; name?: string } = {},
) {
  imageCounter += 1
  const filename = name ?? `photo-${imageCounter}-${Date.now()}.jpg`
  const data = await imageBuffer()
  return payload.create({
    collection: 'media',
    data: { alt: alt ?? undefined, credit: credit ?? undefined },
    file: { data, mimetype: 'image/jpeg', name: filename, size: data.length },
    overrideAccess: true,
  })
}

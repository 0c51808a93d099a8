import { type CollectionBeforeOperationHook, ValidationError } from 'payload'
import sharp from 'sharp'

import { ACCEPTED_IMAGE_TYPES } from '../acceptedImageTypes'

// What sharp reports for each accepted type; AVIF is read through libheif.
const SHARP_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif'])

/**
 * Decoding cost grows with pixels, not bytes: a few kilobytes of PNG can claim 100,000 × 100,000 pixels
 * (a decompression bomb). Reading the header is cheap; anything over this is refused before resizing.
 */
export const MAX_IMAGE_PIXELS = 100_000_000

type ImageFacts = { isImage: boolean; width?: number; height?: number }

async function readImageFacts(data: Buffer): Promise<ImageFacts> {
  try {
    // Header only: sharp's own pixel limit would refuse a bomb here with a message that does not say why.
    const { format, width, height } = await sharp(data, { limitInputPixels: false }).metadata()
    return { isImage: Boolean(format && SHARP_FORMATS.has(format)), width, height }
  } catch {
    return { isImage: false }
  }
}

/**
 * Checks both what the client declares and what the bytes are, before Payload stores anything, and
 * answers with the list of accepted types (Payload's own message names neither the file nor the fix).
 */
export const requireAcceptedImage: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') return args
  // Payload's own check of a declared type calls string methods on it: a number there was a 500.
  const declaredType = (args as { data?: { mimeType?: unknown } }).data?.mimeType
  if (declaredType !== undefined && declaredType !== null && typeof declaredType !== 'string') {
    throw new ValidationError({
      collection: 'media',
      errors: [{ path: 'mimeType', message: 'The file type is read from the uploaded file: leave mimeType out, or send it as text such as “image/jpeg”.' }],
    })
  }
  if (!req.file) return args
  const { name, mimetype, data } = req.file
  const isDeclaredAccepted = (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(mimetype)
  const facts: ImageFacts = isDeclaredAccepted && data?.length ? await readImageFacts(data) : { isImage: false }
  if (facts.isImage && (facts.width ?? 0) * (facts.height ?? 0) > MAX_IMAGE_PIXELS) {
    throw new ValidationError({
      collection: 'media',
      errors: [
        {
          path: 'file',
          message: `“${name}” claims ${facts.width} × ${facts.height} pixels, more than the ${MAX_IMAGE_PIXELS / 1_000_000} megapixels accepted. Export a smaller version and upload that.`,
        },
      ],
    })
  }
  if (!facts.isImage) {
    throw new ValidationError({
      collection: 'media',
      errors: [
        {
          path: 'file',
          message: `“${name}” is not an accepted image. Upload a JPEG, PNG, WebP, GIF or AVIF file (${ACCEPTED_IMAGE_TYPES.join(', ')}).`,
        },
      ],
    })
  }
  return args
}

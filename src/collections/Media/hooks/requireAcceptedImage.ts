import { type CollectionBeforeOperationHook, ValidationError } from 'payload'
import sharp from 'sharp'

import { ACCEPTED_IMAGE_TYPES } from '../acceptedImageTypes'

// What sharp reports for each accepted type; AVIF is read through libheif.
const SHARP_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif'])

async function isDecodableImage(data: Buffer): Promise<boolean> {
  try {
    const { format } = await sharp(data).metadata()
    return Boolean(format && SHARP_FORMATS.has(format))
  } catch {
    return false
  }
}

/**
 * Checks both what the client declares and what the bytes are, before Payload stores anything, and
 * answers with the list of accepted types (Payload's own message names neither the file nor the fix).
 */
export const requireAcceptedImage: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if ((operation !== 'create' && operation !== 'update') || !req.file) return args
  const { name, mimetype, data } = req.file
  const isDeclaredAccepted = (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(mimetype)
  if (!isDeclaredAccepted || !data?.length || !(await isDecodableImage(data))) {
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

// At upload, a JPEG whose XMP leaves no room for the house's fields (a camera's file has no XMP at all) gets room in
// the uploaded bytes, in memory, before Payload writes the original anyway: the write-back job's first write then fits
// where the packet's padding was, and the kernel copies the picture instead of this process reading and writing it
// whole (writeMetadataIntoFile.ts). Only padding is added (an empty packet where there was none): no field, no value.
import type { CollectionBeforeOperationHook } from 'payload'

import { jpegWithRoomForMetadata } from './jpegMetadataSegments'

/** Media beforeOperation: after the upload's own bytes are kept for reading its metadata (keepUploadedBytes). */
export const makeRoomForHouseMetadata: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const file = req.file
  if ((operation !== 'create' && operation !== 'update') || !file?.data?.length || file.mimetype !== 'image/jpeg') return args
  const withRoom = jpegWithRoomForMetadata(file.data)
  if (withRoom) {
    file.data = withRoom
    file.size = withRoom.length
  }
  return args
}

import type { CollectionBeforeOperationHook } from 'payload'

import { waitForTurnsOf } from '../../../concurrentEditing/takeTurnsEditing'
import { executeSql } from '../../../db/execute'

/**
 * Deleting a credit clears it from its photos. A photo being saved at that moment holds its own row and
 * then needs the credit's, while the deletion holds the credit's and needs the photo's: a deadlock. Waiting
 * for the photos' turns first makes the two take turns instead (the photo's save finishes, or, if it comes
 * second, finds the credit gone and gets a 409).
 */
export const waitForEditsOfItsPhotos: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  const id = Number((args as { id?: unknown }).id)
  if (operation !== 'delete' || !Number.isSafeInteger(id) || !req.transactionID) return args
  const photos = await executeSql<{ id: number }>(req, `select id from media where credit_id = ${id}`)
  await waitForTurnsOf({ req, slug: 'media', ids: photos.map((photo) => photo.id) })
  return args
}

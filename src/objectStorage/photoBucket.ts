// Photos and every size in an S3-compatible bucket, through Payload's own storage adapter (@payloadcms/storage-s3),
// when S3_* is set; otherwise the media folder, exactly as before.
//
// Downloads stay behind the same access rules: without `disablePayloadAccessControl` the adapter serves files
// through Payload's file route (/api/media/file/<name>), which checks the media collection's read access (the
// publish gate's visibility) before the adapter fetches the object. No public bucket, no ACL, no signed URLs a
// reader could keep: a photo only a draft uses is never served to a reader.
//
// The adapter adds its own hooks to the media collection (the upload in afterChange, inside the write's transaction,
// so a failed upload rolls the row back; the delete in afterDelete) and the `prefix` and `_objectKey` fields. Those
// fields are inserted whether the bucket is on or not, so the schema (and the migrations) are the same either way;
// they are the storage's bookkeeping, read by staff only, so public responses keep the shape they had.
import type { CollectionConfig, Config, Plugin } from 'payload'
import { s3Storage } from '@payloadcms/storage-s3'

import { staffField } from '../access/fieldAccess'
import { answerMissingFile } from '../collections/Media/answerMissingFile'
import type { ObjectStorageSettings } from './objectStorageSettings'
import { s3ClientConfigOf } from './photoStore'

export const PHOTO_STORE_UNAVAILABLE_MESSAGE =
  'The photo store (object storage) is not answering, so the photo was not saved and nothing changed. Try again in a minute; if it persists, tell whoever runs the storage server.'

const RETRY_AFTER_SECONDS = 30

type UploadHandler = NonNullable<Extract<CollectionConfig['upload'], object>['handlers']>[number]

/**
 * The adapter answers a bucket it cannot reach with a bare 500 "Internal Server Error": a reader gets a 503 with a
 * sentence instead (the server is fine; its photo store is away). Its 404 for a missing object stays a 404.
 */
const answerUnreachableBucket = (serveFromBucket: UploadHandler): UploadHandler =>
  (async (req, args): Promise<Response | void> => {
    const response = await serveFromBucket(req, args)
    if (!(response instanceof Response) || response.status !== 500) return response
    req.payload.logger.warn(`Answered 503 for ${args.params.filename}: the photo store did not answer.`)
    return Response.json(
      { errors: [{ message: 'The photo store (object storage) is not answering, so this photo cannot be served right now. Try again in a minute.' }] },
      { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' } },
    )
  }) as UploadHandler

const STORAGE_FIELDS = new Set(['prefix', '_objectKey'])

const withStorageFieldsForStaff = (config: Config): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection) =>
    collection.slug !== 'media'
      ? collection
      : {
          ...collection,
          fields: collection.fields.map((field) =>
            'name' in field && field.type === 'text' && STORAGE_FIELDS.has(field.name) ? { ...field, access: { ...field.access, read: staffField } } : field,
          ),
        },
  ),
})

/** Keeps the media collection's photos in `bucket` (undefined: the media folder) and marks where they are. */
export function keepPhotosInBucket(bucket: ObjectStorageSettings | undefined): Plugin {
  const storagePlugin = s3Storage({
    enabled: Boolean(bucket),
    alwaysInsertFields: true,
    collections: { media: true },
    bucket: bucket?.bucket ?? 'unused',
    config: bucket ? { ...s3ClientConfigOf(bucket), maxAttempts: 2 } : {},
  })
  return async (incoming: Config): Promise<Config> => {
    const config = withStorageFieldsForStaff(await storagePlugin(incoming))
    if (!bucket) return config
    return {
      ...config,
      collections: (config.collections ?? []).map((collection) => {
        if (collection.slug !== 'media' || typeof collection.upload !== 'object') return collection
        const before = (incoming.collections ?? []).find((original) => original.slug === 'media')
        const ownHandlers = new Set(typeof before?.upload === 'object' ? (before.upload.handlers ?? []) : [])
        return {
          ...collection,
          // Read by photoStoreOf: the operations tools work on the store Payload really uses.
          custom: { ...collection.custom, objectStorage: bucket },
          upload: {
            ...collection.upload,
            handlers: (collection.upload.handlers ?? [])
              // It looks for the file on the local disk, where a bucket's photos never are.
              .filter((handler) => handler !== answerMissingFile)
              .map((handler) => (ownHandlers.has(handler) ? handler : answerUnreachableBucket(handler))),
          },
        }
      }),
    }
  }
}

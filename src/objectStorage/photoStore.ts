// The place the photos' files live, as the operations tools see it (backup, restore, the orphan report, the
// metadata write-back): the media folder, or the bucket when object storage is on. Payload itself reads and writes
// the bucket through @payloadcms/storage-s3 (photoBucket.ts); this is for everything that works on the files beside it.
import fs from 'node:fs/promises'
import path from 'node:path'

import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Payload } from 'payload'

import type { ObjectStorageSettings } from './objectStorageSettings'

/** What a stored file looked like: a file that still looks so has not been replaced. */
export type StoredStamp = { size: number; mtimeMs: number; etag?: string }

export type PhotoStore = {
  /** For sentences: "the media folder /srv/media" or "the bucket media at http://minio:9000". */
  description: string
  isBucket: boolean
  /** Every stored file's name (the bucket's keys), sorted; not the folder's hidden working copies. */
  names: () => Promise<string[]>
  read: (name: string) => Promise<Buffer>
  write: (name: string, bytes: Buffer) => Promise<StoredStamp>
  remove: (names: string[]) => Promise<void>
  /** null when no such file is stored. */
  stampOf: (name: string) => Promise<StoredStamp | null>
}

// Payload stores a photo's files under their plain names; nothing may climb out of the folder or into a sub-key.
const plainName = (name: string) => path.basename(name)

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
}
export const contentTypeOf = (name: string) => CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream'

export function mediaFolderStore(folder: string): PhotoStore {
  const directory = path.resolve(folder)
  const stampOf = async (name: string): Promise<StoredStamp | null> =>
    fs.stat(path.join(directory, plainName(name))).then(
      (stats) => (stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : null),
      () => null,
    )
  return {
    description: `the media folder ${directory}`,
    isBucket: false,
    names: async () => {
      const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => [])
      return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name).sort()
    },
    read: (name) => fs.readFile(path.join(directory, plainName(name))),
    write: async (name, bytes) => {
      await fs.mkdir(directory, { recursive: true })
      await fs.writeFile(path.join(directory, plainName(name)), bytes)
      return (await stampOf(name))!
    },
    remove: async (names) => {
      await Promise.all(names.map((name) => fs.rm(path.join(directory, plainName(name)), { force: true })))
    },
    stampOf,
  }
}

const clients = new Map<string, S3Client>()

/** One client per bucket and server for the process (it keeps its connections). */
export function bucketClientOf(settings: ObjectStorageSettings): S3Client {
  const key = JSON.stringify(settings)
  if (!clients.has(key)) clients.set(key, new S3Client(s3ClientConfigOf(settings)))
  return clients.get(key)!
}

/** The client settings Payload's storage adapter and the tools share. */
export const s3ClientConfigOf = (settings: ObjectStorageSettings) => ({
  endpoint: settings.endpoint,
  region: settings.region,
  forcePathStyle: settings.isPathStyle,
  credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
})

const isNotFound = (error: unknown) => {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } }
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404
}

export function bucketStore(settings: ObjectStorageSettings): PhotoStore {
  const client = bucketClientOf(settings)
  const Bucket = settings.bucket
  const stampOf = async (name: string): Promise<StoredStamp | null> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: plainName(name) }))
      return { size: head.ContentLength ?? 0, mtimeMs: head.LastModified?.getTime() ?? 0, etag: head.ETag }
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
  }
  return {
    description: `the bucket ${Bucket} at ${settings.endpoint}`,
    isBucket: true,
    names: async () => {
      const names: string[] = []
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken }))
        for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key)
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
      return names.sort()
    },
    read: async (name) => {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: plainName(name) }))
      return Buffer.from(await object.Body!.transformToByteArray())
    },
    write: async (name, bytes) => {
      // No ACL: the bucket stays private; readers get photos through Payload's file route and its access rules.
      await client.send(new PutObjectCommand({ Bucket, Key: plainName(name), Body: bytes, ContentType: contentTypeOf(name) }))
      return (await stampOf(name))!
    },
    remove: async (names) => {
      await Promise.all(names.map((name) => client.send(new DeleteObjectCommand({ Bucket, Key: plainName(name) }))))
    },
    stampOf,
  }
}

/** The store a running Payload keeps its photos in: the bucket its media collection was configured with, else the folder. */
export function photoStoreOf(payload: Payload, fallbackFolder: string): PhotoStore {
  const media = payload.collections.media.config
  const bucket = (media.custom as { objectStorage?: ObjectStorageSettings } | undefined)?.objectStorage
  if (bucket) return bucketStore(bucket)
  return mediaFolderStore(media.upload?.staticDir || fallbackFolder)
}

/** The store for a script that has no Payload running (backup, restore): the bucket when S3_* is set, else MEDIA_DIR. */
export const photoStoreFrom = ({ objectStorage, mediaDir }: { objectStorage: ObjectStorageSettings | undefined; mediaDir: string }): PhotoStore =>
  objectStorage ? bucketStore(objectStorage) : mediaFolderStore(mediaDir)

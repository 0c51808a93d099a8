// Where photos are stored: the local media folder (the default) or an S3-compatible bucket, switched on by the
// S3_* variables. They are read together: all of them, or none. Half of them is a mistake (a typo, a forgotten
// secret) that would otherwise quietly keep photos on one machine's disk, so it stops the server with a sentence.

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, s3rver in tests). */
export type ObjectStorageSettings = {
  /** S3_ENDPOINT: the server's address, e.g. http://minio:9000 or https://s3.eu-west-1.amazonaws.com. */
  endpoint: string
  /** S3_BUCKET: the bucket that holds every photo and every size. */
  bucket: string
  /** S3_REGION: the bucket's region (any name, e.g. us-east-1, for MinIO-like servers). */
  region: string
  /** S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: the credentials of an account that may read, write and list the bucket. */
  accessKeyId: string
  secretAccessKey: string
  /** S3_FORCE_PATH_STYLE=true: http://endpoint/bucket/key addresses, as MinIO-like servers need (default false). */
  isPathStyle: boolean
}

/** The variables that switch object storage on: all must be set for it, none for the media folder. */
export const REQUIRED_OBJECT_STORAGE_VARIABLES = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
const OPTIONAL_OBJECT_STORAGE_VARIABLES = ['S3_FORCE_PATH_STYLE'] as const

type Environment = Record<string, string | undefined>

// Invisible characters a copied value may carry: a variable holding only them is not set.
const trimmed = (value: string | undefined) => (value ?? '').replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, ' ').trim()

const TRUE_WORDS = ['true', 'on', '1', 'yes']
const FALSE_WORDS = ['false', 'off', '0', 'no']
// S3's own rule for bucket names (lower case letters, digits, dots and hyphens; 3 to 63 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/**
 * The bucket's settings when every required S3_* variable is set, undefined when none is (the media folder). Half of
 * them, an endpoint that is no http(s) address, a bucket name S3 would refuse or a path-style value that is no yes or
 * no are noted in `problems`, each as a sentence saying what to set; the result is then undefined.
 */
export function objectStorageSettingsFrom(env: Environment, problems?: string[]): ObjectStorageSettings | undefined {
  const value = (name: string) => trimmed(env[name])
  const present = [...REQUIRED_OBJECT_STORAGE_VARIABLES, ...OPTIONAL_OBJECT_STORAGE_VARIABLES].filter((name) => value(name))
  if (!present.length) return undefined
  const missing = REQUIRED_OBJECT_STORAGE_VARIABLES.filter((name) => !value(name))
  const found: string[] = []
  if (missing.length) {
    found.push(
      `Object storage is half configured: ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not. ` +
        `Set all of ${REQUIRED_OBJECT_STORAGE_VARIABLES.join(', ')} to keep photos in a bucket, or remove every S3_ variable to keep them in the media folder.`,
    )
  }
  const endpoint = value('S3_ENDPOINT')
  if (endpoint && !/^https?:$/.test(URL.canParse(endpoint) ? new URL(endpoint).protocol : '')) {
    found.push(`S3_ENDPOINT is "${endpoint.slice(0, 60)}", which is no http(s) address: set the storage server's address, e.g. S3_ENDPOINT=http://minio:9000.`)
  }
  const bucket = value('S3_BUCKET')
  if (bucket && (!BUCKET_NAME.test(bucket) || bucket.includes('..'))) {
    found.push(`S3_BUCKET is "${bucket.slice(0, 60)}", which is no bucket name: use 3 to 63 lower-case letters, digits, dots or hyphens, e.g. S3_BUCKET=newsroom-media.`)
  }
  const pathStyle = value('S3_FORCE_PATH_STYLE').toLowerCase()
  if (pathStyle && ![...TRUE_WORDS, ...FALSE_WORDS].includes(pathStyle)) {
    found.push(`S3_FORCE_PATH_STYLE is "${pathStyle.slice(0, 20)}": set S3_FORCE_PATH_STYLE=true for MinIO-like servers, or false (the default) for AWS S3.`)
  }
  problems?.push(...found)
  if (found.length) return undefined
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    bucket,
    region: value('S3_REGION'),
    accessKeyId: value('S3_ACCESS_KEY_ID'),
    secretAccessKey: value('S3_SECRET_ACCESS_KEY'),
    isPathStyle: TRUE_WORDS.includes(pathStyle),
  }
}

/** Thrown by scripts (backup, restore, the orphan report) that cannot tell where the photos are. */
export class ObjectStorageMisconfigured extends Error {}

/** The settings for a script: the bucket, undefined for the media folder, or a refusal naming what to set. */
export function objectStorageSettingsOrRefuse(env: Environment): ObjectStorageSettings | undefined {
  const problems: string[] = []
  const found = objectStorageSettingsFrom(env, problems)
  if (problems.length) throw new ObjectStorageMisconfigured(problems.join(' '))
  return found
}

// S3_* is all or none: the bucket when every required variable is set, the media folder when none is, and a refusal
// with a sentence naming what to set for anything in between.
import { configSettingsFrom, invalidSettings } from '../../src/env'
import { objectStorageSettingsFrom, objectStorageSettingsOrRefuse, REQUIRED_OBJECT_STORAGE_VARIABLES } from '../../src/objectStorage/objectStorageSettings'

const complete = {
  S3_ENDPOINT: 'http://minio:9000/',
  S3_BUCKET: 'newsroom-media',
  S3_REGION: 'us-east-1',
  S3_ACCESS_KEY_ID: 'newsroom',
  S3_SECRET_ACCESS_KEY: 'a-long-secret',
}

describe('object storage settings', () => {
  it('keep photos in the media folder when no S3 variable is set, or only blank or invisible ones', () => {
    expect(objectStorageSettingsFrom({})).toBeUndefined()
    expect(objectStorageSettingsFrom({ S3_BUCKET: '   ', S3_ENDPOINT: '\u200b\ufeff' })).toBeUndefined()
    expect(invalidSettings({ S3_BUCKET: ' \u2060 ' })).toEqual([])
    expect(configSettingsFrom({}).objectStorage).toBeUndefined()
  })

  it('use the bucket when every required variable is set, path-style only when asked', () => {
    expect(objectStorageSettingsFrom(complete)).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'newsroom-media',
      region: 'us-east-1',
      accessKeyId: 'newsroom',
      secretAccessKey: 'a-long-secret',
      isPathStyle: false,
    })
    expect(objectStorageSettingsFrom({ ...complete, S3_FORCE_PATH_STYLE: 'TRUE' })?.isPathStyle).toBe(true)
    expect(objectStorageSettingsFrom({ ...complete, S3_FORCE_PATH_STYLE: 'false' })?.isPathStyle).toBe(false)
    expect(invalidSettings(complete)).toEqual([])
    expect(configSettingsFrom(complete).objectStorage?.bucket).toBe('newsroom-media')
  })

  it.each(REQUIRED_OBJECT_STORAGE_VARIABLES)('refuse a configuration without %s, with a sentence naming it and what to do', (name) => {
    const env: Record<string, string> = { ...complete, [name]: '' }
    const problems: string[] = []
    expect(objectStorageSettingsFrom(env, problems)).toBeUndefined()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^Object storage is half configured: .* but /)
    expect(problems[0]).toContain(`but ${name} is not`)
    expect(problems[0]).toMatch(/remove every S3_ variable to keep them in the media folder\.$/)
    expect(() => objectStorageSettingsOrRefuse(env)).toThrow(problems[0])
  })

  it('refuse a lone path-style switch as half a configuration', () => {
    expect(invalidSettings({ S3_FORCE_PATH_STYLE: 'true' })).toEqual([
      'Object storage is half configured: S3_FORCE_PATH_STYLE is set but S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are not. ' +
        'Set all of S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY to keep photos in a bucket, or remove every S3_ variable to keep them in the media folder.',
    ])
  })

  it('refuse an endpoint that is no http(s) address, a bucket name S3 refuses, and a path-style value that is no yes or no', () => {
    const problems = invalidSettings({ ...complete, S3_ENDPOINT: 'minio:9000', S3_BUCKET: 'Newsroom_Media', S3_FORCE_PATH_STYLE: 'sometimes' })
    expect(problems).toEqual([
      'S3_ENDPOINT is "minio:9000", which is no http(s) address: set the storage server\'s address, e.g. S3_ENDPOINT=http://minio:9000.',
      'S3_BUCKET is "Newsroom_Media", which is no bucket name: use 3 to 63 lower-case letters, digits, dots or hyphens, e.g. S3_BUCKET=newsroom-media.',
      'S3_FORCE_PATH_STYLE is "sometimes": set S3_FORCE_PATH_STYLE=true for MinIO-like servers, or false (the default) for AWS S3.',
    ])
    expect(objectStorageSettingsFrom({ ...complete, S3_ENDPOINT: 'ftp://files.example.org' })).toBeUndefined()
    expect(objectStorageSettingsFrom({ ...complete, S3_BUCKET: 'a..b' })).toBeUndefined()
  })

  it('keep a huge value out of the sentence', () => {
    const [problem] = invalidSettings({ ...complete, S3_ENDPOINT: 'x'.repeat(100_000) })
    expect(problem.length).toBeLessThan(300)
  })
})

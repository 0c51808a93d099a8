// An upload while the bucket does not answer (the storage server down, unreachable, refusing our credentials): the
// adapter's upload runs in the write's transaction, so the row is rolled back and nothing changed; the caller hears
// that with a 503 and Retry-After, not Payload's generic 500.
import type { AfterErrorHook } from 'payload'

import { PHOTO_STORE_UNAVAILABLE_MESSAGE } from './photoBucket'

const RETRY_AFTER_SECONDS = 30
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH'])

/** An error of the S3 client: a service answer (it carries `$metadata`) or a connection that failed on the way. */
export function isPhotoStoreFailure(error: unknown): boolean {
  for (let current = error as { $metadata?: unknown; code?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    if (typeof current !== 'object') return false
    if ('$metadata' in current) return true
    if (typeof current.code === 'string' && NETWORK_FAILURES.has(current.code)) return true
    if (current.name === 'TimeoutError') return true
  }
  return false
}

export const answerPhotoStoreUnavailable: AfterErrorHook = ({ error: raised, req, graphqlResult, collection }) => {
  const error = graphqlResult ? (raised as { originalError?: Error }).originalError : raised
  if (collection?.slug !== 'media' || !isPhotoStoreFailure(error)) return
  req.payload.logger.warn(`Answered 503: the photo store did not answer (${String((error as Error).message).split('\n')[0]}).`)
  if (graphqlResult) return { graphqlResult: { ...graphqlResult, message: PHOTO_STORE_UNAVAILABLE_MESSAGE } }
  req.responseHeaders ??= new Headers()
  req.responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))
  return { status: 503, response: { errors: [{ message: PHOTO_STORE_UNAVAILABLE_MESSAGE }] } }
}

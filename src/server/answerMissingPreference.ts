// Deleting an admin preference that was never saved makes Payload's database adapter build a broken query (a 500,
// "missing FROM-clause entry for table"); the admin resets preferences that may never have been stored, and a
// client deserves a 404 for a key it does not have.
import type { NextFunction, Request, Response } from 'express'
import { executeAuthStrategies, type Payload } from 'payload'

import { sendError } from './errors'

const safelyDecoded = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** Mounted at /api/payload-preferences: checks DELETE /:key before Payload runs it. */
export function answerMissingPreference(payload: Payload) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const segments = req.path.split('/').filter(Boolean)
    if (req.method !== 'DELETE' || segments.length !== 1) return next()
    const key = safelyDecoded(segments[0])
    // Malformed escapes and anonymous callers are answered by the guards and by Payload (401).
    if (key === null) return next()
    try {
      const { user } = await executeAuthStrategies({ headers: new Headers(req.headers as Record<string, string>), payload })
      if (!user) return next()
      const { totalDocs } = await payload.count({
        collection: 'payload-preferences',
        where: { and: [{ key: { equals: key } }, { 'user.value': { equals: user.id } }, { 'user.relationTo': { equals: user.collection } }] },
        overrideAccess: true,
      })
      if (totalDocs === 0) return sendError(res, 404, `You have no saved preference named “${key}”, so there is nothing to delete.`)
      next()
    } catch (error) {
      next(error)
    }
  }
}

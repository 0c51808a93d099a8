// Payload declares `/versions` endpoints on every collection and global, also on those that keep no versions, and
// answers them with a 500 (its query reaches for a versions table that does not exist). Nothing is wrong with the
// server there: the caller asked for something this document type does not have.
import type { NextFunction, Request, Response } from 'express'
import type { Payload } from 'payload'

import { sendError } from '../errors'

/** The collection or global a `/versions` path under /api is about, or null for any other path. */
export function versionsPathOwner(path: string): { kind: 'collection' | 'global'; slug: string } | null {
  const match = /^\/(globals\/)?([^/]+)\/versions(?:\/|$)/.exec(path)
  if (!match) return null
  return { kind: match[1] ? 'global' : 'collection', slug: match[2] }
}

export function refuseVersionsNotKept(payload: Payload) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const owner = versionsPathOwner(req.path)
    if (!owner) return next()
    const config =
      owner.kind === 'global'
        ? payload.globals.config.find((global) => global.slug === owner.slug)
        : payload.collections[owner.slug as keyof typeof payload.collections]?.config
    // Unknown slugs and versioned ones are Payload's to answer.
    if (!config || config.versions) return next()
    sendError(res, 404, `${owner.kind === 'global' ? 'The global' : 'The collection'} “${owner.slug}” keeps no versions, so there are none to list, read or restore.`)
  }
}

// Guards in front of Payload's REST reads. Payload silently clamps `depth`, treats `limit=0` as "everything"
// and answers some malformed filters with an error page; public callers get a 400 that says what to send.
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Payload } from 'payload'
import * as qs from 'qs-esm'

import { whereProblem } from './whereProblems'
import { sendError } from '../errors'
import { API_KEY_PREFIX, verifiedUser } from '../../access/requestIdentity'

export const MAX_PUBLIC_DEPTH = 3
export const MAX_PUBLIC_LIMIT = 100

const NATURAL = /^\d+$/

type Query = Record<string, unknown>

/** The first problem of an anonymous read's query, or null. */
export function publicQueryProblem(query: Query): string | null {
  const { depth, limit, page, draft } = query
  if (depth !== undefined && (typeof depth !== 'string' || !NATURAL.test(depth) || Number(depth) > MAX_PUBLIC_DEPTH)) {
    return `depth must be a whole number from 0 to ${MAX_PUBLIC_DEPTH}.`
  }
  if (limit !== undefined && (typeof limit !== 'string' || !NATURAL.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PUBLIC_LIMIT)) {
    return `limit must be a whole number from 1 to ${MAX_PUBLIC_LIMIT}; page through longer lists with page.`
  }
  if (page !== undefined && (typeof page !== 'string' || !NATURAL.test(page) || Number(page) < 1)) {
    return 'page must be a whole number from 1.'
  }
  if (draft !== undefined && draft !== 'false') return 'Reading drafts needs an API key (Authorization: users API-Key …).'
  return null
}

const parseQuery = (req: Request): Query =>
  qs.parse(req.originalUrl.split('?')[1] ?? '', { arrayLimit: 1000, depth: 10, ignoreQueryPrefix: true }) as Query

export function apiQueryGuards(payload: Payload): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    try {
      const query = parseQuery(req)
      if (query.where !== undefined) {
        const problem = whereProblem(query.where)
        if (problem) return sendError(res, 400, problem)
      }
      const user = await verifiedUser(req, payload)
      // Payload treats an unknown API key as "anonymous": the caller would silently get public data only.
      if (!user && req.headers.authorization?.startsWith(API_KEY_PREFIX)) {
        return sendError(res, 401, 'The API key is not valid. Ask an admin for the key of an api user.')
      }
      // A junk cookie or token is no identity: its caller gets the anonymous caps.
      if (!user) {
        const problem = publicQueryProblem(query)
        if (problem) return sendError(res, draftIsTheProblem(problem) ? 401 : 400, problem)
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}

const draftIsTheProblem = (problem: string) => problem.startsWith('Reading drafts')

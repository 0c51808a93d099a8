// Payload's REST and GraphQL handlers mounted on Express directly, without a round trip through Next.
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import type { NextFunction, Response } from 'express'
import { handleEndpoints, type SanitizedConfig } from 'payload'

import { sendError } from './errors'
import type { RequestWithRawBody } from './requireValidJson'
import { sendWebResponse, toWebRequest } from './webBridge'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

export function restHandler(config: ConfigInput) {
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const response = await handleEndpoints({ config, request: toWebRequest(req, req.rawBody) })
      // A collection without REST endpoints (payload-migrations) gets a 501 that echoes the full request URL, Host
      // header included; for a client it is simply an address with nothing behind it.
      if (response.status === 501) return sendError(res, 404, `There is no ${req.method} ${req.originalUrl.split('?')[0].slice(0, 200)} in this API. The REST API is described at /api/openapi.json.`)
      await sendWebResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}

export function graphqlHandler(config: ConfigInput) {
  const handle = GRAPHQL_POST(config)
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      await sendWebResponse(res, await handle(toWebRequest(req, req.rawBody)))
    } catch (error) {
      next(error)
    }
  }
}

import type { Response } from 'express'

/** Payload's own error shape, so clients parse our errors the same way as Payload's. */
export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json({ errors: [{ message }] })
}

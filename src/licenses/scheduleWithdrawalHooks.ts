// Queue the withdrawal of an image for the moment its licence ends, whenever that moment comes to concern a live
// story: a story goes live (or a live story changes), a live credit's licence end is set or moved, a live photo
// gets another credit.
import type { CollectionAfterChangeHook } from 'payload'

import { executeSql } from '../db/execute'
import { idOf } from '../fields/relationIds'
import { scheduleWithdrawals } from './withdrawExpiredImages'

const sameMoment = (a: unknown, b: unknown) => (a ? new Date(a as string).getTime() : null) === (b ? new Date(b as string).getTime() : null)

export const scheduleWithdrawalsOfLiveStory: CollectionAfterChangeHook = async ({ doc, req }) => {
  // Draft saves (autosave included) change nothing readers see.
  if (doc._status !== 'published') return doc
  const id = Number(doc.id)
  if (!Number.isSafeInteger(id)) return doc
  const rows = await executeSql<{ credit_id: number }>(
    req,
    `select distinct m.credit_id from articles_rels r join media m on m.id = r.media_id
     where r.parent_id = ${id} and r.path = 'images' and m.credit_id is not null`,
  )
  await scheduleWithdrawals(req, rows.map((row) => Number(row.credit_id)))
  return doc
}

export const scheduleWithdrawalOfLiveCredit: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  if (!doc.licenseExpiresAt || sameMoment(doc.licenseExpiresAt, previousDoc?.licenseExpiresAt)) return doc
  if (doc.isPublic || previousDoc?.isPublic) await scheduleWithdrawals(req, [Number(doc.id)])
  return doc
}

export const scheduleWithdrawalOfLivePhoto: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const credit = idOf(doc.credit)
  if (credit === undefined || credit === idOf(previousDoc?.credit)) return doc
  if (doc.isPublic || previousDoc?.isPublic) await scheduleWithdrawals(req, [Number(credit)])
  return doc
}

// Queue the withdrawal of an image for the moment its licence ends, whenever that moment comes to concern a live
// story: a story goes live (or a live story changes), a live credit's licence end is set or moved, a live photo
// gets another credit or its own licence end is set or moved.
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
  const rows = await executeSql<{ media_id: number; credit_id: number | null }>(
    req,
    `select distinct m.id as media_id, m.credit_id from articles_rels r join media m on m.id = r.media_id
     where r.parent_id = ${id} and r.path = 'images'`,
  )
  await scheduleWithdrawals(req, {
    creditIds: rows.flatMap((row) => (row.credit_id === null ? [] : [Number(row.credit_id)])),
    mediaIds: rows.map((row) => Number(row.media_id)),
  })
  return doc
}

export const scheduleWithdrawalOfLiveCredit: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  if (!doc.licenseExpiresAt || sameMoment(doc.licenseExpiresAt, previousDoc?.licenseExpiresAt)) return doc
  if (doc.isPublic || previousDoc?.isPublic) await scheduleWithdrawals(req, { creditIds: [Number(doc.id)] })
  return doc
}

export const scheduleWithdrawalOfLivePhoto: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  if (!doc.isPublic && !previousDoc?.isPublic) return doc
  const credit = idOf(doc.credit)
  const isOtherCredit = credit !== undefined && credit !== idOf(previousDoc?.credit)
  const isOwnEndMoved = Boolean(doc.licenseExpiresAt) && !sameMoment(doc.licenseExpiresAt, previousDoc?.licenseExpiresAt)
  if (isOtherCredit || isOwnEndMoved) {
    await scheduleWithdrawals(req, { creditIds: isOtherCredit ? [Number(credit)] : [], mediaIds: isOwnEndMoved ? [Number(doc.id)] : [] })
  }
  return doc
}

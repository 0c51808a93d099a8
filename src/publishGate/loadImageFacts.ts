import type { PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'
import type { MediaFacts } from './attributionProblems'
import type { CreditParts } from '../collections/PhotoCredits/creditLine'

const integerIds = (ids: (number | string)[]) =>
  [...new Set(ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))]

/** A credit's parts with its organizations' names, in the same statement: the gate judges what readers would see. */
export const creditFactsSql = (creditIds: number[], suffix = '') => `
  select c.id, c.license_expires_at, c.photographer, c.pool,
         (select o.name from organizations o where o.id = c.courtesy_of_id) as courtesy_name,
         array(select o.name from photo_credits_rels r join organizations o on o.id = r.organizations_id
               where r.parent_id = c.id and r.path = 'agencies' order by r."order") as agency_names
  from photo_credits c where c.id in (${creditIds.join(',')})${suffix}`

/** What creditFactsSql selects for each credit. */
export type CreditFactsRow = {
  id: number
  license_expires_at: SqlTimestamp | null
  photographer: string | null
  pool: boolean | null
  courtesy_name: string | null
  agency_names: string[] | null
}

export const creditPartsOf = (row: Pick<CreditFactsRow, 'photographer' | 'pool' | 'agency_names' | 'courtesy_name'>): CreditParts => ({
  photographer: row.photographer,
  isPool: row.pool,
  agencies: row.agency_names ?? [],
  courtesyOf: row.courtesy_name,
})

/**
 * Two statements whatever the number of images (three when locking). `FOR SHARE` holds the media, credit and
 * organization rows until the publish commits, so a credit cannot be removed from under a story while it goes
 * live (the guards take `FOR UPDATE` first and so wait, then see the story published).
 */
export async function loadImageFacts({
  req,
  mediaIds,
  lock,
}: {
  req: PayloadRequest
  mediaIds: (number | string)[]
  lock: boolean
}): Promise<Map<string, MediaFacts>> {
  const ids = integerIds(mediaIds)
  const facts = new Map<string, MediaFacts>()
  if (!ids.length) return facts
  const forShare = lock ? ' for share' : ''
  const mediaRows = await executeSql<{
    id: number
    filename: string | null
    alt: string | null
    credit_id: number | null
    digital_source_type: string | null
    ai_disclosure: string | null
    license_expires_at: SqlTimestamp | null
  }>(
    req,
    `select id, filename, alt, credit_id, embedded_metadata_digital_source_type as digital_source_type, ai_disclosure, license_expires_at
     from media where id in (${ids.join(',')})${forShare}`,
  )
  const creditIds = integerIds(mediaRows.map((row) => row.credit_id).filter((id): id is number => Boolean(id)))
  if (lock && creditIds.length) {
    // The organizations the credit lines name, too (a writer's rename waits for the publish, then sees it live),
    // before the credits: an editor's rename locks the organization and then re-renders its credits, same order.
    await executeSql(
      req,
      `select id from organizations where id in (
         select organizations_id from photo_credits_rels where path = 'agencies' and parent_id in (${creditIds.join(',')})
         union select courtesy_of_id from photo_credits where id in (${creditIds.join(',')})) for share`,
    )
  }
  const creditRows = creditIds.length
    ? await executeSql<CreditFactsRow>(req, creditFactsSql(creditIds, forShare))
    : []
  const credits = new Map(creditRows.map((row) => [String(row.id), row]))
  for (const row of mediaRows) {
    const credit = row.credit_id ? credits.get(String(row.credit_id)) : undefined
    facts.set(String(row.id), {
      id: row.id,
      filename: row.filename,
      alt: row.alt,
      digitalSourceType: row.digital_source_type,
      aiDisclosure: row.ai_disclosure,
      licenseExpiresAt: row.license_expires_at,
      credit: credit
        ? { id: credit.id, licenseExpiresAt: credit.license_expires_at, parts: creditPartsOf(credit) }
        : null,
    })
  }
  return facts
}

// One upload's reading: the file's metadata, and what its credit matches among the credits and organizations on
// file. The credits are indexed by their folded names once and kept while they do not change (one small statement
// per upload checks that), so a match costs map look-ups whatever their number. Exported on its own so the bench
// can time it.
import type { Payload, PayloadRequest } from 'payload'

import { executeSql } from '../../db/execute'
import { type CreditMatch, type CreditsOnFile, indexCreditsOnFile, type KnownCredit, type KnownOrganization, matchCredit, wantedCreditFrom } from './matchCredit'
import type { PhotoMetadata } from './photoMetadata'
import { readEmbeddedMetadata } from './readEmbeddedMetadata'

/** [id, photographer, pool, courtesy organization's name, agencies' names in order] */
type CreditTuple = [number, string | null, boolean | null, string | null, string[]]

export async function loadCreditsOnFile(req: PayloadRequest): Promise<{ credits: KnownCredit[]; organizations: KnownOrganization[] }> {
  // One statement, joined and grouped (not a subquery per credit), handed over as one JSON value: parsing one
  // document costs far less than thousands of rows of typed columns.
  const [row] = await executeSql<{ credits: CreditTuple[] | string; organizations: KnownOrganization[] | string }>(
    req,
    `select
       (select coalesce(json_agg(json_build_array(id, photographer, pool, courtesy_name, agency_names) order by id), '[]')
        from (select c.id, c.photographer, c.pool, courtesy.name as courtesy_name,
                     array_remove(array_agg(agency.name order by r."order"), null) as agency_names
              from photo_credits c
              left join organizations courtesy on courtesy.id = c.courtesy_of_id
              left join photo_credits_rels r on r.parent_id = c.id and r.path = 'agencies'
              left join organizations agency on agency.id = r.organizations_id
              group by c.id, courtesy.name) credit) as credits,
       (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by id), '[]') from organizations) as organizations`,
  )
  const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
  return {
    credits: parsed(row.credits).map(([id, photographer, pool, courtesyOf, agencies]) => ({
      id,
      photographer,
      isPool: pool === true,
      agencies: agencies ?? [],
      courtesyOf,
    })),
    organizations: parsed(row.organizations),
  }
}

/**
 * What the credits and organizations on file look like, in one value: each table's number of rows and the sum of
 * their row versions' transaction ids (`xmin`, which every insert and update renews). Any create, update or delete,
 * committed by any process or made in this request's own transaction, changes it; it depends on no clock. A scan of
 * three small tables (about a millisecond for 2,000 credits), not a read of their text.
 */
const STAMP_OF_CREDITS_ON_FILE = `
  select concat_ws(' ',
    (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from photo_credits),
    (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from photo_credits_rels),
    (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from organizations)) as stamp`

const indexedCredits = new WeakMap<Payload, { stamp: string; index: CreditsOnFile }>()

/**
 * The credits on file, indexed, from this process's copy while the stamp says nothing changed. The stamp is read
 * before the records, so a change committed in between makes the next upload re-read them rather than trust a stale
 * copy.
 */
export async function creditsOnFile(req: PayloadRequest): Promise<CreditsOnFile> {
  const [{ stamp }] = await executeSql<{ stamp: string }>(req, STAMP_OF_CREDITS_ON_FILE)
  const kept = indexedCredits.get(req.payload)
  if (kept?.stamp === stamp) return kept.index
  const index = indexCreditsOnFile(await loadCreditsOnFile(req))
  indexedCredits.set(req.payload, { stamp, index })
  return index
}

export type PhotoReading = { metadata: PhotoMetadata; match: CreditMatch }

/**
 * Two uploads naming the same new photographer or agency at once would each find nothing and each create it
 * (the second agency then hits the unique name and the whole upload fails). Uploads whose files name a credit
 * take turns from the reading of the records to their commit: the second then finds what the first created.
 * Transaction-scoped, so it is released by the commit or rollback however the upload ends.
 */
const takeTurnMatchingCredits = (req: PayloadRequest) =>
  executeSql(req, `select pg_advisory_xact_lock(hashtext('photo desk: credits from files'))`)

/** Reads a photo file's metadata and matches its credit against the records on file. Never throws on the file. */
export async function readAndMatchPhotoMetadata({
  file,
  req,
  skipTurn = false,
}: {
  file: Buffer
  req: PayloadRequest
  /** When a person already chose the credit, nothing will be created: no need to wait for other uploads. */
  skipTurn?: boolean
}): Promise<PhotoReading> {
  const metadata = await readEmbeddedMetadata(file)
  if (!metadata.creator && !metadata.creditLine && !metadata.source) return { metadata, match: { status: 'none' } }
  if (!skipTurn) await takeTurnMatchingCredits(req)
  const index = await creditsOnFile(req)
  const wanted = wantedCreditFrom({ ...metadata, organizations: index })
  return { metadata, match: matchCredit({ wanted, index }) }
}

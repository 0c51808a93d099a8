// One upload's reading: the file's metadata, and what its credit matches among the credits and organizations on
// file. The credits are indexed by their folded names once and kept while they do not change (one small statement
// per upload checks that), so a match costs map look-ups whatever their number. Exported on its own so the bench
// can time it.
import type { Payload, PayloadRequest } from 'payload'

import { executeSql } from '../../db/execute'
import { type CreditMatch, type CreditsOnFile, indexCreditsOnFile, type KnownCredit, type KnownOrganization, matchCredit, wantedCreditFrom } from './matchCredit'
import type { PhotoMetadata } from './photoMetadata'
import { readEmbeddedMetadata } from './readEmbeddedMetadata'

type CreditRow = { id: number; photographer: string | null; pool: boolean | null; courtesy_name: string | null; agency_names: string[] | null }

export async function loadCreditsOnFile(req: PayloadRequest): Promise<{ credits: KnownCredit[]; organizations: KnownOrganization[] }> {
  const [creditRows, organizations] = await Promise.all([
    executeSql<CreditRow>(
      req,
      `select c.id, c.photographer, c.pool,
              (select o.name from organizations o where o.id = c.courtesy_of_id) as courtesy_name,
              array(select o.name from photo_credits_rels r join organizations o on o.id = r.organizations_id
                    where r.parent_id = c.id and r.path = 'agencies' order by r."order") as agency_names
       from photo_credits c order by c.id`,
    ),
    executeSql<KnownOrganization>(req, 'select id, name from organizations order by id'),
  ])
  return {
    credits: creditRows.map((row) => ({
      id: row.id,
      photographer: row.photographer,
      isPool: row.pool === true,
      agencies: row.agency_names ?? [],
      courtesyOf: row.courtesy_name,
    })),
    organizations,
  }
}

/**
 * What the credits and organizations on file look like, in one row: their numbers and latest changes. Any create,
 * update or delete (in this process, another, or this request's own transaction) changes it. Payload stamps
 * `updated_at` on every save, and a credit's agencies change only with a save of the credit.
 */
const STAMP_OF_CREDITS_ON_FILE = `
  select concat_ws(' ',
    (select count(*) from photo_credits), (select max(updated_at) from photo_credits),
    (select count(*) from photo_credits_rels),
    (select count(*) from organizations), (select max(updated_at) from organizations)) as stamp`

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

// One upload's reading: the file's metadata, and what its credit matches among the credits and organizations on
// file (two statements, whatever their number). Exported on its own so the bench can time it.
import type { PayloadRequest } from 'payload'

import { executeSql } from '../../db/execute'
import { type CreditMatch, type KnownCredit, type KnownOrganization, matchCredit, wantedCreditFrom } from './matchCredit'
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
  const { credits, organizations } = await loadCreditsOnFile(req)
  const wanted = wantedCreditFrom({ ...metadata, organizations })
  return { metadata, match: matchCredit({ wanted, credits, organizations }) }
}

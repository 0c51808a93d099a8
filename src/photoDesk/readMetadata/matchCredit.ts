// Which photo credit a file's metadata names: an existing credit (its photographer and organizations folded
// for case, spacing, punctuation and accents, so "AFP Getty Images" is the "AFP/Getty Images" chain), a new one
// built from existing organizations where they match, or a question for a person when a name is a near miss
// of one already on file ("Geoffroy" for "Geoffrey"). Pure: the upload hook loads the records and acts on the answer.
import { findNearDuplicateNames, isKnownAgency } from '../../import/captionParser'
import { formatCreditLine } from '../../collections/PhotoCredits/creditLine'
import { visibleTextOrNull } from '../../fields/realText'

type Id = number

export type KnownOrganization = { id: Id; name: string }
export type KnownCredit = { id: Id; photographer: string | null; isPool: boolean; agencies: string[]; courtesyOf: string | null }

/**
 * The credits and organizations on file, indexed by their folded names: built once (by the upload's reading, which
 * keeps it until a credit or an organization changes), so matching a file costs a few map look-ups, not a fold of
 * every name on file.
 */
export type CreditsOnFile = {
  organizations: KnownOrganization[]
  /** A credit's folded parts → the first such credit (lowest id). */
  creditByKey: Map<string, KnownCredit>
  organizationByKey: Map<string, KnownOrganization>
  /** A folded photographer's name → how it is spelt on file. */
  photographers: Map<string, string>
}

/** The credit the file asks for, in parts. */
export type WantedCredit = { photographer: string | null; isPool: boolean; agencies: string[] }

export type CreditMatch =
  | { status: 'none' }
  | { status: 'matched'; creditId: Id; creditLine: string | null; wanted: string }
  /** `agencies`: an existing organization's id, or the name of one to create. */
  | { status: 'create'; photographer: string | null; isPool: boolean; agencies: (Id | string)[]; creditLine: string; wanted: string }
  | { status: 'needs a person'; wanted: string; notes: string[] }

/** The spelling-free form of a name: accents, case, spacing and punctuation do not tell two names apart. */
export const foldName = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

const splitChain = (text: string): string[] =>
  text.split('/').map((part) => visibleTextOrNull(part)).filter((part): part is string => part !== null)

const POOL_SUFFIX = /^(.*\S)\s*-\s*pool$/i

/**
 * The file's creator (dc:creator, IIM By-line) is the photographer; its credit line (photoshop:Credit, IIM
 * Credit) is the chain the house style prints, which often starts with the photographer again. Without a credit
 * line the source (photoshop:Source) stands for the agency.
 */
export function wantedCreditFrom({
  creator,
  creditLine,
  source,
  organizations,
}: {
  creator: string | null
  creditLine: string | null
  source: string | null
  /** The organizations on file, or their index (indexCreditsOnFile), which an upload keeps between files. */
  organizations: KnownOrganization[] | CreditsOnFile
}): WantedCredit | null {
  const organizationByKey = Array.isArray(organizations) ? organizationsByKey(organizations) : organizations.organizationByKey
  const isOrganization = (name: string) => isKnownAgency(name) || organizationByKey.has(foldName(name))
  let chain = creditLine ? splitChain(creditLine.replace(/^(photos?\s+by|photo:|credit:)\s*/i, '')) : source ? splitChain(source) : []
  let photographer = creator
  if (chain.length > 0 && photographer && foldName(chain[0].replace(POOL_SUFFIX, '$1')) === foldName(photographer.replace(POOL_SUFFIX, '$1'))) {
    photographer = chain[0]
    chain = chain.slice(1)
  } else if (chain.length > 1 && !photographer && !isOrganization(chain[0])) {
    photographer = chain[0]
    chain = chain.slice(1)
  }
  // A creator who is the agency itself ("AFP" in By-line) is not a photographer.
  if (photographer && chain.some((agency) => foldName(agency) === foldName(photographer!))) photographer = null
  if (photographer && chain.length === 0 && isOrganization(photographer)) {
    chain = [photographer]
    photographer = null
  }
  const pool = photographer ? POOL_SUFFIX.exec(photographer) : null
  if (!photographer && chain.length === 0) return null
  return { photographer: pool ? pool[1] : photographer, isPool: Boolean(pool), agencies: chain }
}

const organizationsByKey = (organizations: KnownOrganization[]) => new Map(organizations.map((organization) => [foldName(organization.name), organization]))

const creditKey = ({ photographer, isPool, agencies, courtesyOf }: { photographer: string | null; isPool: boolean; agencies: string[]; courtesyOf?: string | null }) =>
  `${foldName(photographer ?? '')}|${isPool ? 'pool' : ''}|${foldName(agencies.join(''))}|${foldName(courtesyOf ?? '')}`

/**
 * A name without slashes may be a chain typed without them ("AFP Getty Images"): the organizations whose
 * folded names, one after another, spell it exactly. Null when no such reading exists.
 */
function splitIntoOrganizations(name: string, byKey: Map<string, KnownOrganization>): KnownOrganization[] | null {
  const target = foldName(name)
  if (target === '' || target.length > 300) return null
  // best[i]: organizations spelling target.slice(0, i), fewest first.
  const best: (KnownOrganization[] | null)[] = [[], ...Array.from({ length: target.length }, () => null)]
  for (let end = 1; end <= target.length; end++) {
    for (let start = 0; start < end; start++) {
      const before = best[start]
      const organization = before ? byKey.get(target.slice(start, end)) : undefined
      if (before && organization && (!best[end] || best[end]!.length > before.length + 1)) best[end] = [...before, organization]
    }
  }
  return best[target.length]
}

export function indexCreditsOnFile({ credits, organizations }: { credits: KnownCredit[]; organizations: KnownOrganization[] }): CreditsOnFile {
  const creditByKey = new Map<string, KnownCredit>()
  const photographers = new Map<string, string>()
  for (const credit of credits) {
    const key = creditKey(credit)
    if (!creditByKey.has(key)) creditByKey.set(key, credit)
    if (credit.photographer) photographers.set(foldName(credit.photographer), credit.photographer)
  }
  return { organizations, creditByKey, organizationByKey: organizationsByKey(organizations), photographers }
}

const quoted = (name: string) => `“${name.length > 80 ? `${name.slice(0, 79)}…` : name}”`

/** Longer than any photographer's or agency's name: a caption pasted into the wrong field, or an attack. */
export const MAX_CREDIT_NAME_LENGTH = 200

/** What to do with the credit a file names, given every credit and organization on file. */
export function matchCredit({
  wanted,
  ...onFile
}: { wanted: WantedCredit | null } & ({ credits: KnownCredit[]; organizations: KnownOrganization[] } | { index: CreditsOnFile })): CreditMatch {
  if (!wanted) return { status: 'none' }
  const { creditByKey, organizationByKey: byKey, photographers, organizations } = 'index' in onFile ? onFile.index : indexCreditsOnFile(onFile)
  const wantedLine = formatCreditLine(wanted) ?? ''
  const wantedText = wantedLine.replace(/^Photo by /, '').replace(/\.$/, '')
  const tooLong = [wanted.photographer, ...wanted.agencies].filter((name): name is string => (name?.length ?? 0) > MAX_CREDIT_NAME_LENGTH)
  if (tooLong.length) {
    return {
      status: 'needs a person',
      wanted: quoted(wantedText).slice(1, -1),
      notes: tooLong.map((name) => `The file’s credit names ${quoted(name)} (${name.length} characters), too long to be a name: choose or create the credit by hand.`),
    }
  }
  const found = creditByKey.get(creditKey(wanted))
  if (found) return { status: 'matched', creditId: found.id, creditLine: formatCreditLine(found), wanted: wantedText }

  // No credit says exactly this: reuse the organizations and the photographer's spelling on file.
  const agencies: (Id | string)[] = []
  const agencyNames: string[] = []
  const newAgencies: string[] = []
  for (const name of wanted.agencies) {
    const known = byKey.get(foldName(name)) ?? null
    const parts = known ? [known] : splitIntoOrganizations(name, byKey)
    if (parts) {
      agencies.push(...parts.map((part) => part.id))
      agencyNames.push(...parts.map((part) => part.name))
    } else {
      agencies.push(name)
      agencyNames.push(name)
      newAgencies.push(name)
    }
  }
  const photographer = wanted.photographer ? (photographers.get(foldName(wanted.photographer)) ?? wanted.photographer) : null
  const isNewPhotographer = photographer !== null && !photographers.has(foldName(photographer))

  // New names a letter or two from names on file are for a person to decide: never merged, never created.
  const notes: string[] = []
  const nearMisses = (name: string, known: Iterable<string>, what: string) => {
    for (const existing of known) {
      const [pair] = findNearDuplicateNames([existing, name])
      if (pair && foldName(existing) !== foldName(name)) {
        notes.push(`The file credits ${quoted(name)}, and ${what} ${quoted(existing)} is on file: ${pair.reason.charAt(0).toLowerCase()}${pair.reason.slice(1)} Choose the existing credit if it is the same ${what === 'the photographer' ? 'person' : 'organization'}, or create a credit with the new spelling.`)
      }
    }
  }
  if (isNewPhotographer) nearMisses(photographer!, photographers.values(), 'the photographer')
  for (const name of newAgencies) nearMisses(name, organizations.map((organization) => organization.name), 'the organization')
  if (notes.length) return { status: 'needs a person', wanted: wantedText, notes }

  // Names resolved to records on file may now spell an existing credit ("AFP Getty Images" → AFP/Getty Images).
  const resolved = creditByKey.get(creditKey({ photographer, isPool: wanted.isPool, agencies: agencyNames }))
  if (resolved) return { status: 'matched', creditId: resolved.id, creditLine: formatCreditLine(resolved), wanted: wantedText }
  const creditLine = formatCreditLine({ photographer, isPool: wanted.isPool, agencies: agencyNames })
  if (!creditLine) return { status: 'none' }
  return { status: 'create', photographer, isPool: wanted.isPool, agencies, creditLine, wanted: wantedText }
}

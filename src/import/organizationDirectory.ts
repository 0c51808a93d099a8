// Recognises the organizations a story names, from the list kept as data in content/organizations.json.

export type OrganizationKind = 'advocacy' | 'news-agency' | 'news-outlet' | 'government' | 'company' | 'other'

export type OrganizationEntry = {
  name: string
  kind: OrganizationKind
  aliases?: string[]
  website?: string
  /** Read as "the Russian LGBT Network" in running text. */
  useThe?: boolean
  /** Short names that are also common words ("Shell", "BP") only count when capitalised as listed. */
  matchCase?: boolean
}

export type OrganizationMention = { entry: OrganizationEntry; index: number; text: string }

export type OrganizationDirectory = {
  entries: OrganizationEntry[]
  /** Mentions in `text`, in reading order; where spellings overlap, the longest wins. */
  mentionsIn: (text: string) => OrganizationMention[]
  /** The listed entry for a name or alias, whatever its case. */
  lookup: (name: string) => OrganizationEntry | undefined
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

const nameKey = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()

export function createOrganizationDirectory(entries: OrganizationEntry[]): OrganizationDirectory {
  const spellings = entries
    .flatMap((entry) => [entry.name, ...(entry.aliases ?? [])].map((spelling) => ({ entry, spelling })))
    .sort((a, b) => b.spelling.length - a.spelling.length)
    .map(({ entry, spelling }) => ({
      entry,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(spelling).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, entry.matchCase ? 'gu' : 'giu'),
    }))
  const byKey = new Map<string, OrganizationEntry>()
  for (const entry of entries) {
    for (const spelling of [entry.name, ...(entry.aliases ?? [])]) byKey.set(nameKey(spelling), entry)
  }

  const mentionsIn = (text: string): OrganizationMention[] => {
    const taken: { start: number; end: number }[] = []
    const mentions: OrganizationMention[] = []
    for (const { entry, pattern } of spellings) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index
        const end = start + match[0].length
        if (taken.some((span) => start < span.end && end > span.start)) continue
        taken.push({ start, end })
        mentions.push({ entry, index: start, text: match[0] })
      }
    }
    return mentions.sort((a, b) => a.index - b.index)
  }

  return { entries, mentionsIn, lookup: (name) => byKey.get(nameKey(name)) }
}

/** "the Russian LGBT Network", "OutRight Action International". */
export const inRunningText = (entry: Pick<OrganizationEntry, 'name' | 'useThe'>): string =>
  entry.useThe ? `the ${entry.name}` : entry.name

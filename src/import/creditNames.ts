// Near-duplicate names across the photo credits of an import run ("Geoffrey"/"Geoffroy Van Der Hasselt",
// "AFP Getty Images"), reported to an editor rather than merged.
import { findNearDuplicateNames, type NearDuplicateNames, type ParsedCredit } from './captionParser'

/** The names an editor sees in a credit: photographer, each agency, the agency chain, the courtesy organization. */
export const creditNames = (credit: ParsedCredit): string[] => [
  ...(credit.photographer ? [credit.photographer] : []),
  ...credit.agencies,
  ...(credit.agencies.length > 1 ? [credit.agencies.join('/')] : []),
  ...(credit.courtesyOf ? [credit.courtesyOf] : []),
]

export const nearDuplicateWarning = ({ a, b, reason }: NearDuplicateNames): string =>
  `Photo credits name “${a}” and “${b}”: ${reason.charAt(0).toLowerCase()}${reason.slice(1)} Check which spelling is right; they were imported as written.`

// Bulk imports meet the same few hundred names again and again; past this many the run stops comparing
// new names, so memory and time stay flat.
const MAX_TRACKED_NAMES = 5000

/** Remembers the names seen so far in a run and answers, for each new credit, the near-duplicates it adds. */
export function createNearDuplicateTracker() {
  const seen = new Set<string>()
  return {
    add(names: string[]): NearDuplicateNames[] {
      const found: NearDuplicateNames[] = []
      for (const name of names) {
        if (seen.has(name) || seen.size >= MAX_TRACKED_NAMES) continue
        for (const earlier of seen) found.push(...findNearDuplicateNames([earlier, name]))
        seen.add(name)
      }
      return found
    },
  }
}

// A story's version history as an editor reads it: who made each version, and a run of autosaves as one line.
// Pure: the history view renders it, the unit tests check it.
import { stageLabel } from '../../workflow/stages'

type Id = number | string

export type VersionSummary = {
  id: Id
  updatedAt: string
  isAutosave: boolean
  status: string | null
  stage: string | null
  /** Who saved it; null for the server's own saves (scheduled publication, jobs) and versions older than the field. */
  savedBy: Id | null
}

export type HistoryLine =
  | { kind: 'version'; version: VersionSummary }
  /** Autosaves between two saves someone made on purpose, newest first: one folded line that opens to list them. */
  | { kind: 'autosaves'; versions: VersionSummary[] }

/**
 * Versions newest first, every run of autosaves folded into one line. Payload updates an autosave version in
 * place until the next deliberate save (a save, a stage move, a publication), so a story's history alternates
 * between the two; the deliberate saves are what an editor looks for. The newest version, the draft being
 * worked on now, always has its own line.
 */
export function collapseAutosaves(versions: readonly VersionSummary[]): HistoryLine[] {
  const lines: HistoryLine[] = []
  versions.forEach((version, index) => {
    const previous = lines[lines.length - 1]
    if (!version.isAutosave || index === 0) lines.push({ kind: 'version', version })
    else if (previous?.kind === 'autosaves') previous.versions.push(version)
    else lines.push({ kind: 'autosaves', versions: [version] })
  })
  return lines
}

/** "Ann Lee", "Ann Lee and Bo Chen", "the server" for a save nobody signed in made. */
export function describeSavers(versions: readonly VersionSummary[], nameOf: (id: Id) => string): string {
  const names = [...new Set(versions.map((version) => (version.savedBy === null ? 'the server' : nameOf(version.savedBy))))]
  return names.length <= 1 ? (names[0] ?? 'the server') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** What a version was: "Published", "Draft · In review", "Autosave · Draft". */
export function describeVersion(version: VersionSummary): string {
  const status = version.status === 'published' ? 'Published' : version.isAutosave ? 'Autosave' : 'Draft'
  return version.status === 'published' ? status : `${status} · ${stageLabel(version.stage)}`
}

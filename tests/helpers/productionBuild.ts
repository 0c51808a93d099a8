// The production build (`npm run build`: `next build` into .next/ and the compiled server in dist/) for the tests
// that run the app as production runs it. A build is reused while the sources it was made from are unchanged: the
// digest of their contents is taken before building and recorded beside the build once it succeeds, so a source
// edited during a build makes the next run build again. Usage as a script: `tsx tests/helpers/productionBuild.ts`.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const PROJECT = path.resolve(import.meta.dirname, '../..')

/** Everything `npm run build` reads from the project (the installed packages through the lock file). */
const SOURCES = ['src', 'scripts', 'payload.config.ts', 'next.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json']
/** Written by the build itself from the other sources (its prebuild step), so not an input of its own. */
const DERIVED = new Set(['src/app/(payload)/admin/importMap.js'])
const DIGEST_FILE = '.next/sources-digest'
const BUILT_FILES = ['.next/BUILD_ID', 'dist/src/server.js']

function filesUnder(root: string, relative: string): string[] {
  const stat = fs.statSync(path.join(root, relative), { throwIfNoEntry: false })
  if (!stat) return []
  if (!stat.isDirectory()) return DERIVED.has(relative) ? [] : [relative]
  return fs
    .readdirSync(path.join(root, relative))
    .sort()
    .flatMap((entry) => filesUnder(root, path.posix.join(relative, entry)))
}

/** A digest of every source file's path and contents (under 0.1 s for the whole project). */
export function sourcesDigest({ root = PROJECT }: { root?: string } = {}): string {
  const hash = createHash('sha256')
  for (const file of SOURCES.flatMap((source) => filesUnder(root, source))) {
    hash.update(`${file}\0`)
    hash.update(fs.readFileSync(path.join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** Whether .next/ and dist/ hold a finished build of the sources as they are now. */
export function isBuildCurrent({ root = PROJECT, digest = sourcesDigest({ root }) }: { root?: string; digest?: string } = {}): boolean {
  if (!BUILT_FILES.every((file) => fs.existsSync(path.join(root, file)))) return false
  const recorded = path.join(root, DIGEST_FILE)
  return fs.existsSync(recorded) && fs.readFileSync(recorded, 'utf8').trim() === digest
}

/** Records that the build just finished was made from the sources whose digest was taken before it started. */
export function recordBuiltSources(digest: string, { root = PROJECT }: { root?: string } = {}): void {
  fs.writeFileSync(path.join(root, DIGEST_FILE), `${digest}\n`)
}

/**
 * Runs `npm run build` unless a build of the current sources exists. Resolves with how long the build took (0 when
 * it was reused); rejects with the build's last lines when it fails.
 */
export async function ensureProductionBuild({ log = console.log, isForced = false }: { log?: (message: string) => void; isForced?: boolean } = {}): Promise<{ isReused: boolean; seconds: number }> {
  const digest = sourcesDigest()
  if (!isForced && isBuildCurrent({ digest })) {
    log('Reusing the production build in .next/ and dist/: the sources have not changed since it was made.')
    return { isReused: true, seconds: 0 }
  }
  log('Building for production (npm run build: next build and the compiled server; a few minutes) …')
  const started = Date.now()
  let output = ''
  const child = spawn('npm', ['run', 'build'], {
    cwd: PROJECT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (process.env.E2E_VERBOSE) process.stdout.write(chunk)
    })
  }
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const seconds = Math.round((Date.now() - started) / 1000)
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}) after ${seconds} s:\n${output.trimEnd().split('\n').slice(-40).join('\n')}`)
  recordBuiltSources(digest)
  log(`Built for production in ${seconds} s.`)
  return { isReused: false, seconds }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await ensureProductionBuild()
}

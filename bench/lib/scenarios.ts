// Round-two scenarios (issue 20) run on their own databases and servers, so each can run alone:
// `npm run bench -- --only <name>` (names in bench/run.ts's SCENARIOS). A full or quick run runs them after round one.
import type { BenchPostgres } from './postgres'

export type Target = { scenario: string; baseline: string; measured: string; target: string; isPassed: boolean }

export type BenchServer = { url: string; pid: number; stop: () => Promise<void>; output: () => string }

export type ScenarioContext = {
  pg: BenchPostgres
  isQuick: boolean
  /** bench/.work */
  work: string
  log: (message: string) => void
  /** The compiled production server on `databaseUrl` (migrated by then), with extra environment variables. */
  startServer: (databaseUrl: string, extra: Record<string, string>, name: string) => Promise<BenchServer>
  /** Runs a TypeScript file of the bench (e.g. bench/setup.ts) against `databaseUrl` as in production; throws on a non-zero exit. */
  runScript: (script: string, args: string[], databaseUrl: string, extra?: Record<string, string>) => Promise<string>
}

export type ScenarioResult = { targets: Target[]; results: Record<string, unknown> }
/** One of issue 20's scenarios: a full `npm run bench` runs each after round one; `--only <name>` runs one alone. */
export type Scenario = {
  name: string
  /** Its servers serve the API only (SERVE_ADMIN=false, or a cluster without a build): run alone, no `next build` first. */
  isApiOnly?: boolean
  run: (context: ScenarioContext) => Promise<ScenarioResult>
}

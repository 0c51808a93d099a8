// App processes and job workers as a user runs them: the compiled JavaScript of `npm start` (dist/src/server.js)
// and `npm run worker` (dist/scripts/worker.js), each in its own process.
import path from 'node:path'

import { freePort } from '../db/freePort'
import { projectFolder } from '../projectFolder'
import { type StartedProcess, startChild, whenReady } from './childProcess'
import type { Listening } from './edgeServers'

/**
 * Node's flags for an app process, as `npm start` passes them (package.json; a unit test keeps the two equal). A young
 * generation of 32 MB semi-spaces instead of V8's default 16: an app process holds a few hundred MB (Payload, Next,
 * the response cache), and with the small default its scavenges stalled cache hits for milliseconds at a time
 * (`npm run bench -- --only warm`: the 304's p99 4 ms and 0.57–0.88× a bare node:http server; with 32 MB, p99 0 ms
 * and 0.95–0.99×). Costs at most ~48 MB more memory.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=32']

/** `node dist/<script>` with `env` added to this process's environment. */
export function startCompiledScript({ script, env, name = script, isDetached = false, nodeFlags = [] }: { script: string; env: Record<string, string>; name?: string; isDetached?: boolean; nodeFlags?: string[] }): StartedProcess {
  return startChild({
    name,
    command: process.execPath,
    args: ['--no-deprecation', ...nodeFlags, path.join(projectFolder, 'dist', script)],
    cwd: projectFolder,
    // NODE_OPTIONS cleared: a parent run under jest or tsx must not pass its loader flags on.
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    isDetached,
  })
}

/** An app process on a free port (or `env.PORT`), resolved once it prints its API address. */
export async function startAppProcess({ env, name = 'app', isDetached = false }: { env: Record<string, string>; name?: string; isDetached?: boolean }): Promise<Listening> {
  const port = env.PORT ? Number(env.PORT) : await freePort()
  const app = startCompiledScript({ script: 'src/server.js', env: { ...env, PORT: String(port) }, name, isDetached, nodeFlags: APP_NODE_FLAGS })
  await whenReady(app, () => app.waitForOutput(/API: http:\/\/localhost:\d+\/api/, 180_000))
  return { process: app, port, url: `http://127.0.0.1:${port}` }
}

/** A job worker, resolved once it runs jobs. */
export async function startWorkerProcess({ env, name = 'worker', isDetached = false }: { env: Record<string, string>; name?: string; isDetached?: boolean }): Promise<StartedProcess> {
  const worker = startCompiledScript({ script: 'scripts/worker.js', env, name, isDetached })
  await whenReady(worker, () => worker.waitForOutput(/Running jobs every/, 180_000))
  return worker
}

// App processes and job workers as a user runs them: the compiled JavaScript of `npm start` (dist/src/server.js)
// and `npm run worker` (dist/scripts/worker.js), each in its own process.
import path from 'node:path'

import { freePort } from '../db/freePort'
import { projectFolder } from '../projectFolder'
import { type StartedProcess, startChild, whenReady } from './childProcess'
import type { Listening } from './edgeServers'

/** `node dist/<script>` with `env` added to this process's environment. */
export function startCompiledScript({ script, env, name = script, isDetached = false }: { script: string; env: Record<string, string>; name?: string; isDetached?: boolean }): StartedProcess {
  return startChild({
    name,
    command: process.execPath,
    args: ['--no-deprecation', path.join(projectFolder, 'dist', script)],
    cwd: projectFolder,
    // NODE_OPTIONS cleared: a parent run under jest or tsx must not pass its loader flags on.
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    isDetached,
  })
}

/** An app process on a free port (or `env.PORT`), resolved once it prints its API address. */
export async function startAppProcess({ env, name = 'app', isDetached = false }: { env: Record<string, string>; name?: string; isDetached?: boolean }): Promise<Listening> {
  const port = env.PORT ? Number(env.PORT) : await freePort()
  const app = startCompiledScript({ script: 'src/server.js', env: { ...env, PORT: String(port) }, name, isDetached })
  await whenReady(app, () => app.waitForOutput(/API: http:\/\/localhost:\d+\/api/, 180_000))
  return { process: app, port, url: `http://127.0.0.1:${port}` }
}

/** A job worker, resolved once it runs jobs. */
export async function startWorkerProcess({ env, name = 'worker', isDetached = false }: { env: Record<string, string>; name?: string; isDetached?: boolean }): Promise<StartedProcess> {
  const worker = startCompiledScript({ script: 'scripts/worker.js', env, name, isDetached })
  await whenReady(worker, () => worker.waitForOutput(/Running jobs every/, 180_000))
  return worker
}

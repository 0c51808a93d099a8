// One way to start the processes of a topology (PostgreSQL, s3rver, app processes, workers, HAProxy, Varnish) as
// children: their output kept for error messages, a wait for a line or a check, and a stop that escalates to SIGKILL.
// `npm run cluster`, the topology tests, the bench's scale scenario, and the servers of the reader site's test and
// the browser tests (a process group each, stopped as a group) all start their processes through it.
import { type ChildProcess, spawn } from 'node:child_process'

export type StartedProcess = {
  name: string
  child: ChildProcess
  output: () => string
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>
  isRunning: () => boolean
  /** Resolves once the output matches; rejects, with the output, if the process exits first or the time runs out. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>
  kill: (signal: NodeJS.Signals) => void
  /** Sends `signal`, waits up to `timeoutMs` for the exit, then SIGKILLs; resolves with the exit code. */
  stop: (options?: { signal?: NodeJS.Signals; timeoutMs?: number }) => Promise<number | null>
}

export type ChildOptions = {
  name: string
  command: string
  args: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Run as this user (PostgreSQL refuses to run as root). */
  uid?: number
  gid?: number
  /**
   * In a process group of its own: Ctrl-C in a terminal then reaches only the parent, which stops the children in
   * order (the app processes drain before the database goes away).
   */
  isDetached?: boolean
}

export function startChild({ name, command, args, env = process.env, cwd, uid, gid, isDetached = false }: ChildOptions): StartedProcess {
  const child = spawn(command, args, { cwd, env, uid, gid, detached: isDetached, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const listeners = new Set<() => void>()
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk) => {
      output += chunk
      // Kept bounded: a long-running cluster's children log for hours.
      if (output.length > 200_000) output = output.slice(-100_000)
      for (const listener of listeners) listener()
    })
  }
  let spawnError: Error | null = null
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code))
    child.on('error', (error) => {
      // A program that is not installed never starts: there is no exit event to wait for.
      spawnError = error
      output += `\n${name} could not start: ${error.message}\n`
      for (const listener of listeners) listener()
      resolve(null)
    })
  })
  const isRunning = () => spawnError === null && child.exitCode === null && child.signalCode === null
  const kill = (signal: NodeJS.Signals) => {
    if (isRunning()) child.kill(signal)
  }
  return {
    name,
    child,
    output: () => output,
    exited,
    isRunning,
    kill,
    stop: async ({ signal = 'SIGTERM', timeoutMs = 30_000 } = {}) => {
      kill(signal)
      const timer = setTimeout(() => kill('SIGKILL'), timeoutMs)
      const code = await exited
      clearTimeout(timer)
      return code
    },
    waitForOutput: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output)
          if (match) {
            cleanup()
            resolve(match)
          } else if (!isRunning()) {
            cleanup()
            reject(new Error(`${name} exited before printing ${pattern}. Its output:\n${output.slice(-4000)}`))
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms. Its output:\n${output.slice(-4000)}`))
        }, timeoutMs)
        const onExit = () => check()
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
          child.off('exit', onExit)
        }
        listeners.add(check)
        child.on('exit', onExit)
        check()
      }),
  }
}

/** Sends `signal` to every process in the group a detached child leads (a server and the workers it started). */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

/**
 * Stops a child started with `isDetached` together with the processes it started (Next's workers, say): SIGTERM to
 * its whole group, SIGKILL to the group if the child has not exited after `timeoutMs`; resolves with its exit code.
 */
export async function stopProcessGroup(started: StartedProcess, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<number | null> {
  signalProcessGroup(started.child, 'SIGTERM')
  const timer = setTimeout(() => signalProcessGroup(started.child, 'SIGKILL'), timeoutMs)
  const code = await started.exited
  clearTimeout(timer)
  return code
}

/** Waits for `ready`; a process that never got ready is killed, so a failed start leaves nothing running. */
export async function whenReady<T>(process: StartedProcess, ready: () => Promise<T>): Promise<T> {
  try {
    return await ready()
  } catch (error) {
    await process.stop({ signal: 'SIGKILL' })
    throw error
  }
}

/** Polls `check` every 50 ms until it is true; the error names what was awaited and, when given, whose output to read. */
export async function waitUntil(what: string, check: () => Promise<boolean>, { timeoutMs = 30_000, process }: { timeoutMs?: number; process?: StartedProcess } = {}): Promise<void> {
  const started = Date.now()
  while (!(await check().catch(() => false))) {
    if (process && !process.isRunning()) throw new Error(`${process.name} exited while waiting until ${what}. Its output:\n${process.output().slice(-4000)}`)
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.${process ? ` ${process.name}'s output:\n${process.output().slice(-4000)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** True when `command` can be run (a binary from a Debian package, say). */
export async function isInstalled(command: string, versionArgs: string[] = ['-v']): Promise<boolean> {
  const probe = startChild({ name: command, command, args: versionArgs })
  return (await probe.exited) === 0
}

// What /proc says about the processes of a topology: a process's children and descendants (PostgreSQL's backends
// are children of its postmaster), its command line, whether one still runs, and the CPU time it used. Read by the
// cluster's test (no process left behind), killing a replica as a crash would, and the bench's scale scenario.
import fs from 'node:fs'

const TICKS_PER_SECOND = 100

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

/** Every process's parent, by pid. */
function parentOfEveryProcess(): Map<number, number> {
  const parentOf = new Map<number, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const fields = statFields(entry)
    if (fields) parentOf.set(Number(entry), Number(fields[1]))
  }
  return parentOf
}

/** The processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return [...parentOfEveryProcess()].filter(([, parent]) => parent === pid).map(([child]) => child)
}

/** The processes given and all of their descendants. */
export function withDescendants(roots: number[]): number[] {
  const parentOf = parentOfEveryProcess()
  const found = [...roots]
  for (let index = 0; index < found.length; index += 1) for (const [pid, parent] of parentOf) if (parent === found[index]) found.push(pid)
  return found
}

/** A process's command line, its arguments joined by spaces ('' once it is gone). */
export function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** True while the process runs (a zombie has exited; only its parent's reaping is left). */
export function isAlive(pid: number): boolean {
  const fields = statFields(pid)
  return fields !== null && fields[0] !== 'Z'
}

/** utime + stime of a process, in seconds (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid)
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0
}

/** utime + stime of a process's main thread (for Node, the thread that runs its JavaScript), in seconds. */
export function mainThreadCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Busy and total CPU time of the whole machine (all cores), in seconds. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const numbers = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = numbers[3] + numbers[4]
  const total = numbers.slice(0, 8).reduce((sum, value) => sum + value, 0)
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND }
}

// The scale scenario of issue 19: cold reads (response cache off, round-robin over every bench story) through
// HAProxy (deploy/haproxy/haproxy.cfg) with two app processes behind it, against the same HAProxy with one of them
// (both of its server lines on one process), alternating round by round. While each load runs, the CPU time of
// every process taking part is read from /proc, so a missed target says where the time went.
import os from 'node:os'

import { startHaproxy } from '../src/cluster/edgeServers'
import { cpuSeconds, machineCpuSeconds, mainThreadCpuSeconds, withDescendants } from '../src/cluster/processTree'
import { type CostsPerRequest, scaleCeiling } from './lib/scaleCeiling'

type Summary = { rps: number; p50: number; p99: number; rounds: { rps: number; statuses: Record<string, number>; errors: number }[] }
type Load = { url: string; paths?: string[] }

export type ScaleResult<S extends Summary = Summary> = {
  oneProcess: S
  twoProcesses: S
  ratio: number
  /** The best ratio the measured CPU costs per request allow on this machine's cores (bench/lib/scaleCeiling.ts). */
  ceiling: number
  /** The same with PostgreSQL free (as if on cores of its own), one process bound by its main thread. */
  ceilingWithFreeDatabase: number
  /** The same counting all of the app's CPU as its main thread's: the issue's 2a/(a+h+l) on 2 cores. */
  ceilingWithFreeDatabaseAllOnMainThread: number
  /** The app CPU per request (ms) 1.6× would need with PostgreSQL free, HAProxy and the load generator as measured. */
  appCostNeededFor16: number
  /** The CPU milliseconds per request of two app processes the ceilings were computed from. */
  costsPerRequest: CostsPerRequest
  /** Wall time PostgreSQL spent executing statements per request (pg_stat_statements), per configuration. */
  postgresExecutionMsPerRequest: Record<'oneProcess' | 'twoProcesses', number>
  /** CPU seconds per 1,000 requests, and the share of the machine each part used, per configuration. */
  cpu: Record<'oneProcess' | 'twoProcesses', Record<string, { perThousandRequests: number; shareOfMachine: number }>>
}

/**
 * `apps`: two app processes (RESPONSE_CACHE=off) on the bench database; `postgresPid`: its postmaster;
 * `measure`: the bench's alternating-rounds measurement.
 */
export async function measureScale<S extends Summary>({
  apps,
  paths,
  postgresPid,
  postgresExecutionMs,
  measure,
  log,
}: {
  apps: { url: string; pid: number }[]
  paths: string[]
  postgresPid: number
  /** Milliseconds PostgreSQL has spent executing the bench database's statements so far. */
  postgresExecutionMs: () => Promise<number>
  measure: (name: string, loads: Record<string, Load>, onLoad?: (key: string, phase: 'start' | 'end') => Promise<void>) => Promise<Record<string, S>>
  log: (message: string) => void
}): Promise<ScaleResult<S>> {
  const address = (url: string) => new URL(url).host
  const [one, two] = await Promise.all([startHaproxy({ apps: [address(apps[0].url)] }), startHaproxy({ apps: apps.map((app) => address(app.url)) })])
  try {
    // Everything that takes part, and the rest of the machine (other work on a shared machine shows as "other").
    const parts = (key: string): Record<string, number[]> => ({
      'app 1': [apps[0].pid],
      'app 2': [apps[1].pid],
      postgres: withDescendants([postgresPid]),
      haproxy: [(key === 'oneProcess' ? one : two).process.child.pid!],
      'bench (autocannon)': [process.pid],
    })
    const totals: Record<string, Record<string, number>> = { oneProcess: {}, twoProcesses: {} }
    const requests: Record<string, number> = { oneProcess: 0, twoProcesses: 0 }
    const executionMs: Record<string, number> = { oneProcess: 0, twoProcesses: 0 }
    // The app processes' main threads apart: one process is bound by its one JavaScript thread, not by all its threads.
    const mainThreads: Record<string, number> = { oneProcess: 0, twoProcesses: 0 }
    const readMainThreads = () => apps.reduce((sum, app) => sum + mainThreadCpuSeconds(app.pid), 0)
    let before: { parts: Record<string, number>; machine: { busy: number; total: number }; executionMs: number; mainThreads: number } | null = null
    const read = (key: string) => Object.fromEntries(Object.entries(parts(key)).map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)]))
    const onLoad = async (key: string, phase: 'start' | 'end') => {
      if (phase === 'start') {
        const startMs = await postgresExecutionMs()
        before = { parts: read(key), machine: machineCpuSeconds(), executionMs: startMs, mainThreads: readMainThreads() }
        return
      }
      const after = { parts: read(key), machine: machineCpuSeconds() }
      mainThreads[key] += readMainThreads() - before!.mainThreads
      executionMs[key] += (await postgresExecutionMs()) - before!.executionMs
      const sums = totals[key]
      for (const [name, seconds] of Object.entries(after.parts)) sums[name] = (sums[name] ?? 0) + Math.max(0, seconds - (before!.parts[name] ?? 0))
      sums['machine busy'] = (sums['machine busy'] ?? 0) + after.machine.busy - before!.machine.busy
      sums['machine total'] = (sums['machine total'] ?? 0) + after.machine.total - before!.machine.total
    }
    log(`scale: cold reads over ${paths.length} stories through HAProxy, two app processes against one …`)
    const loads = await measure('scale', { oneProcess: { url: one.url, paths }, twoProcesses: { url: two.url, paths } }, onLoad)
    for (const key of ['oneProcess', 'twoProcesses']) requests[key] = loads[key].rounds.reduce((sum, round) => sum + round.statuses['2xx'], 0)
    const cpu = Object.fromEntries(
      Object.entries(totals).map(([key, sums]) => {
        const ours = Object.entries(sums).filter(([name]) => !name.startsWith('machine'))
        const other = sums['machine busy'] - ours.reduce((sum, [, seconds]) => sum + seconds, 0)
        const rows = [...ours, ['other processes', Math.max(0, other)] as [string, number], ['idle', sums['machine total'] - sums['machine busy']] as [string, number]]
        return [
          key,
          Object.fromEntries(
            rows.map(([name, seconds]) => [
              name,
              {
                perThousandRequests: Math.round((seconds / Math.max(1, requests[key])) * 1000 * 1000) / 1000,
                shareOfMachine: Math.round((seconds / Math.max(1e-9, sums['machine total'])) * 1000) / 10,
              },
            ]),
          ),
        ]
      }),
    ) as ScaleResult<S>['cpu']
    const ratio = loads.twoProcesses.rps / loads.oneProcess.rps
    const twoCosts = cpu.twoProcesses
    const costsPerRequest: CostsPerRequest = {
      app: twoCosts['app 1'].perThousandRequests + twoCosts['app 2'].perThousandRequests,
      appMainThread: Math.round((mainThreads.twoProcesses / Math.max(1, requests.twoProcesses)) * 1000 * 1000) / 1000,
      postgres: twoCosts.postgres.perThousandRequests,
      haproxy: twoCosts.haproxy.perThousandRequests,
      loadGenerator: twoCosts['bench (autocannon)'].perThousandRequests,
    }
    const ceilings = scaleCeiling({ cores: os.availableParallelism(), costs: costsPerRequest })
    log(`scale: CPU share of the machine (one process | two): ${Object.keys(cpu.twoProcesses).map((name) => `${name} ${cpu.oneProcess[name]?.shareOfMachine ?? 0}% | ${cpu.twoProcesses[name].shareOfMachine}%`).join('; ')}`)
    const postgresExecutionMsPerRequest = {
      oneProcess: Math.round((executionMs.oneProcess / Math.max(1, requests.oneProcess)) * 100) / 100,
      twoProcesses: Math.round((executionMs.twoProcesses / Math.max(1, requests.twoProcesses)) * 100) / 100,
    }
    const twoDigits = (value: number) => Math.round(value * 100) / 100
    return {
      oneProcess: loads.oneProcess,
      twoProcesses: loads.twoProcesses,
      ratio,
      ceiling: twoDigits(ceilings.withDatabase),
      ceilingWithFreeDatabase: twoDigits(ceilings.withFreeDatabase),
      ceilingWithFreeDatabaseAllOnMainThread: twoDigits(scaleCeiling({ cores: os.availableParallelism(), costs: { ...costsPerRequest, appMainThread: undefined } }).withFreeDatabase),
      appCostNeededFor16: twoDigits(ceilings.appCostNeededFor(1.6)),
      costsPerRequest,
      cpu,
      postgresExecutionMsPerRequest,
    }
  } finally {
    await Promise.all([one.process.stop({ timeoutMs: 5_000 }), two.process.stop({ timeoutMs: 5_000 })])
  }
}

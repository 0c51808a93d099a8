// The most a second app process can add on one machine, from the CPU time each part of the scale scenario spends
// per request (bench/scale.ts measures them). Every part shares the same `cores`: the app processes, PostgreSQL,
// HAProxy and the load generator. One app process runs its JavaScript on one thread, so it serves at most
// 1/appMainThread requests per millisecond; two at most twice that; and all of them together at most
// cores/(app + postgres + haproxy + loadGenerator), the machine's CPU divided by what one request costs in all.
//   ratio ≤ min(2/appMainThread, machine) / min(1/appMainThread, machine)
// Below 1× there is nothing to gain but nothing lost either: when one process already fills the machine, two fill
// it too (the bound is then 1×). With PostgreSQL free (as if on cores of its own) and the app's whole CPU on its
// main thread, on 2 cores this is the 2a/(a+h+l).

/** CPU milliseconds per request (the scale scenario's CPU seconds per 1,000 requests). */
export type CostsPerRequest = {
  /** Both app processes, all their threads. */
  app: number
  /** The app processes' main threads (JavaScript, one per process); `app` when not measured. */
  appMainThread?: number
  postgres: number
  haproxy: number
  loadGenerator: number
}

export type ScaleCeiling = {
  /** The bound with every measured cost. */
  withDatabase: number
  /** The bound with PostgreSQL free: what two app processes could reach even with the database on other cores. */
  withFreeDatabase: number
  /** The app CPU per request that `target` would need with PostgreSQL free and HAProxy and the load generator as measured. */
  appCostNeededFor: (target: number) => number
}

const ratioBound = ({ cores, main, total }: { cores: number; main: number; total: number }): number => {
  if (main <= 0 || total <= 0) return 2
  const machine = cores / total
  return Math.min(2 / main, machine) / Math.min(1 / main, machine)
}

export function scaleCeiling({ cores, costs }: { cores: number; costs: CostsPerRequest }): ScaleCeiling {
  const main = costs.appMainThread ?? costs.app
  const shared = costs.haproxy + costs.loadGenerator
  return {
    withDatabase: ratioBound({ cores, main, total: costs.app + costs.postgres + shared }),
    withFreeDatabase: ratioBound({ cores, main, total: costs.app + shared }),
    // cores·a/(a + h + l) ≥ r  ⇔  a ≥ r(h + l)/(cores − r); no app cost reaches a ratio of the cores or more.
    appCostNeededFor: (target) => (target >= cores ? Infinity : (target * shared) / (cores - target)),
  }
}

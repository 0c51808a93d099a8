// A `Server-Timing` header for an endpoint whose cost is watched (the bench reads it: bench/editPage.ts): the time
// of each step in order, then the handler's total, in milliseconds, so where the time goes shows in the browser's
// network panel too. It covers the handler, not the sign-in check and routing before it.

/** Starts a stopwatch: `step(name)` closes the step since the previous one; `header()` adds the total. */
export function serverTiming() {
  const started = performance.now()
  let last = started
  const steps: string[] = []
  const duration = (since: number) => (performance.now() - since).toFixed(1)
  return {
    step: (name: string) => {
      steps.push(`${name};dur=${duration(last)}`)
      last = performance.now()
    },
    header: () => [...steps, `total;dur=${duration(started)}`].join(', '),
  }
}

/**
 * What `start` makes, for the tests of this file or of the enclosing describe: made in a beforeAll, handed to
 * `stop` in an afterAll. The object returned is filled in by the time the tests (and later beforeAll hooks) run,
 * so it can be declared as a constant at the top.
 */
export function forTheseTests<T extends object>({
  start,
  stop,
  timeoutMs,
}: {
  start: () => Promise<T>
  stop: (started: T) => Promise<void>
  timeoutMs?: number
}): T {
  const started = {} as T
  let isStarted = false
  beforeAll(async () => {
    Object.assign(started, await start())
    isStarted = true
  }, timeoutMs)
  afterAll(async () => {
    if (isStarted) await stop(started)
  }, timeoutMs)
  return started
}

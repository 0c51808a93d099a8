/**
 * Polls observable state until `check` holds, never a retry of an assertion; fails after `timeoutMs`. Answers how
 * long it took.
 */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for a condition.')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Date.now() - started
}

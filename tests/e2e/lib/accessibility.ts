// axe-core in the page as it is shown: no serious or critical violation is allowed.
import assert from 'node:assert/strict'

import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export async function assertAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page: page as never }).analyze()
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  assert.deepEqual(
    serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    [],
    `${what} has serious accessibility problems`,
  )
}

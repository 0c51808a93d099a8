// What run.ts hands every scenario.
import type { Browser } from 'playwright-core'

import type { Rest, Staff } from './rest'

/** Runs one titled step of a scenario: logged, and screenshotted when it fails. */
export type Step = (title: string, run: () => Promise<void>) => Promise<void>

/** The browser, the running app, its REST client, the signed-up staff a scenario uses by role, and `step`. */
export type ScenarioContext<Role extends string> = { browser: Browser; baseUrl: string; rest: Rest; staff: Record<Role, Staff>; step: Step }

import type { Payload } from 'payload'

import { settings } from '../env'
import { seedDemoContent } from './seedDemoContent'

/**
 * `npm run dev` on an empty database starts with the demo (unless SEED_DEMO=false, e.g. for browser tests
 * that create their own first user); a failure is reported, never fatal.
 */
export async function seedOnStart({ payload, log }: { payload: Payload; log: (message: string) => void }): Promise<void> {
  if (!settings.demo.isSeededOnStart) return
  try {
    const result = await seedDemoContent(payload, { demo: settings.demo, log })
    if (!result.isSeeded) return
    log(`Demo accounts: ${result.accounts.join(', ')}; password: ${result.password} (set DEMO_PASSWORD to change it).`)
  } catch (error) {
    log(`Could not seed the demo content: ${error instanceof Error ? error.message : String(error)}`)
  }
}

// The write-back job keeps one exiftool (perl, `-stay_open`) between jobs; Payload's shutdown must end it, or a jest
// worker (and a script) waits on its processes ("A worker process has failed to exit gracefully").
import type { Payload } from 'payload'

import { childrenOf, commandLineOf } from '../../src/cluster/processTree'
import { closePayload } from '../../src/db/closePayload'
import { withExiftool } from '../../src/photoDesk/writeBack/writeMetadataIntoFile'

/** This process's children that are exiftool (run by perl). */
const exiftoolChildren = (): number[] => childrenOf(process.pid).filter((pid) => commandLineOf(pid).includes('exiftool'))

const waitUntil = async (check: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) if (check()) return true
  return check()
}

it('ends the write-back job’s exiftool processes when Payload shuts down', async () => {
  await withExiftool((exiftool) => exiftool.version())
  expect(exiftoolChildren().length).toBeGreaterThan(0)
  // A Payload whose database is already gone: closing it must still end exiftool.
  await closePayload({ destroy: async () => {}, db: {} } as unknown as Payload)
  expect(await waitUntil(() => exiftoolChildren().length === 0, 5000)).toBe(true)
})

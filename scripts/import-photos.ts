// npm run import:photos -- <folder> [--report report.json] [--quiet]
// Uploads every photo of a folder, each credited from its own metadata; prints what was matched, created or
// needs a person, and writes the same report as JSON when asked.
import fs from 'node:fs/promises'
import { parseArgs } from 'node:util'

import { runScript } from '../src/db/startScriptPayload'
import { describePhoto, describePhotoTotals, importPhotoFolder } from '../src/photoDesk/bulkImport/importPhotoFolder'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { report: { type: 'string' }, quiet: { type: 'boolean', default: false } },
})

if (positionals.length !== 1) {
  console.error('Usage: npm run import:photos -- <folder of photos> [--report report.json] [--quiet]')
  process.exit(2)
}

const folder = positionals[0]
const isFolder = await fs.stat(folder).then((stat) => stat.isDirectory(), () => false)
if (!isFolder) {
  console.error(`“${folder}” is not a folder. Give the folder that holds the photos.`)
  process.exit(2)
}

await runScript(async (payload) => {
  const report = await importPhotoFolder({
    payload,
    folder,
    onPhoto: (outcome) => {
      if (!values.quiet || outcome.status === 'failed' || outcome.status === 'needs a person') describePhoto(outcome).forEach((line) => console.log(line))
    },
  })
  console.log(describePhotoTotals(report))
  if (values.report) {
    await fs.writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`Report written to ${values.report}.`)
  }
  return report.totals.failed > 0 ? 1 : 0
})

// npm run generate:stories -- <folder> [--count 10000] [--photos 1000]: synthetic stories for the bulk benchmark.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { generateStories } from '../src/import/generateStories'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { count: { type: 'string', default: '10000' }, photos: { type: 'string', default: '1000' } },
})
const folder = positionals[0]
if (!folder) {
  console.error('Usage: npm run generate:stories -- <folder> [--count 10000] [--photos 1000]')
  process.exit(2)
}
fs.mkdirSync(folder, { recursive: true })
const count = Number(values.count)
for (const { index, text } of generateStories({ count, photoPoolSize: Number(values.photos) })) {
  fs.writeFileSync(path.join(folder, `story-${String(index + 1).padStart(5, '0')}.txt`), text)
}
console.log(`Wrote ${count} stories to ${folder}.`)

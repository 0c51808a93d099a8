// npm run import -- <file or folder> [...] [--author email] [--alt-text file] [--headlines file] [--batch-size 100] [--concurrency 4] [--progress] [--quiet]
import { parseArgs } from 'node:util'

import { runScript } from '../src/db/startScriptPayload'
import { skipVersionTrimForNewStories } from '../src/import/importProcess'
import { importStories } from '../src/import/importStories'
import { createProgressBar, describeOutcome, describeSummary } from '../src/import/reportImport'
import { expandStoryPaths, fileSources, loadAltText, loadHeadlines, loadOrganizationDirectory } from '../src/import/storySources'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    author: { type: 'string' },
    'alt-text': { type: 'string' },
    headlines: { type: 'string' },
    'batch-size': { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    progress: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
})

if (positionals.length === 0) {
  console.error('Usage: npm run import -- <story file or folder> [...] [--author email] [--alt-text file] [--headlines file] [--batch-size 100] [--concurrency 4] [--progress] [--quiet]')
  process.exit(2)
}

const storyPaths = expandStoryPaths(positionals)
await runScript(async (payload) => {
  skipVersionTrimForNewStories(payload)
  let authorIds: number[] = []
  if (values.author) {
    const { docs } = await payload.find({ collection: 'users', where: { email: { equals: values.author } }, limit: 1, depth: 0 })
    if (!docs[0]) throw new Error(`No user has the email ${values.author}: create the account first, or leave out --author.`)
    authorIds = [docs[0].id]
  }
  const progress = createProgressBar({ total: storyPaths.length, isEnabled: values.progress || Boolean(process.stderr.isTTY) })
  const summary = await importStories({
    payload,
    sources: fileSources(storyPaths),
    directory: loadOrganizationDirectory(),
    altText: loadAltText({ storyPaths, explicitFile: values['alt-text'] }),
    headlines: loadHeadlines({ storyPaths, explicitFile: values.headlines }),
    authorIds,
    batchSize: Math.max(1, Number(values['batch-size']) || 100),
    concurrency: Math.max(1, Number(values.concurrency) || 4),
    onStory: (outcome) => {
      if (!values.quiet || outcome.status === 'failed') describeOutcome(outcome).forEach((line) => console.log(line))
      progress.tick()
    },
  })
  progress.finish()
  describeSummary(summary).forEach((line) => console.log(line))
  return summary.stories.failed > 0 ? 1 : 0
})

// What the import prints: one line per story on stdout, a progress bar on stderr, and the summary.
import type { ImportSummary, StoryOutcome } from './importStories'

export function describeOutcome(outcome: StoryOutcome): string[] {
  const head =
    outcome.status === 'created'
      ? `created    ${outcome.name} → #${outcome.id} “${outcome.title}” (draft): ${outcome.images} images, ${outcome.callsToAction} calls to action, ${outcome.organizations} organizations`
      : outcome.status === 'unchanged'
        ? `unchanged  ${outcome.name} → #${outcome.id} “${outcome.title}” was imported before`
        : `FAILED     ${outcome.name}: ${outcome.error}`
  return [head, ...outcome.warnings.map((warning) => `  warning: ${warning}`)]
}

export function describeSummary(summary: ImportSummary): string[] {
  const tally = ({ created, reused }: { created: number; reused: number }) => `${created} created, ${reused} reused`
  return [
    `Stories: ${summary.stories.created} created, ${summary.stories.unchanged} unchanged, ${summary.stories.failed} failed` +
      (summary.unreadable ? ` (${summary.unreadable} unreadable)` : ''),
    `Images: ${tally(summary.images)}`,
    `Photo credits: ${tally(summary.credits)}`,
    `Organizations: ${tally(summary.organizations)}`,
    `Calls to action: ${tally(summary.callsToAction)}`,
    `Warnings: ${summary.warnings}`,
  ]
}

/** A one-line progress bar redrawn on stderr (only when stderr is a terminal, or when asked). */
export function createProgressBar({ total, stream = process.stderr, isEnabled = Boolean(process.stderr.isTTY) }: {
  total: number
  stream?: NodeJS.WriteStream
  isEnabled?: boolean
}) {
  const started = Date.now()
  let done = 0
  let lastDrawn = 0
  const draw = (force = false) => {
    if (!isEnabled || (!force && Date.now() - lastDrawn < 200)) return
    lastDrawn = Date.now()
    const width = 30
    const share = total ? done / total : 1
    const filled = Math.round(share * width)
    const seconds = (Date.now() - started) / 1000
    const rate = seconds > 0 ? done / seconds : 0
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)}% ${rate.toFixed(1)} stories/s`
    stream.write(stream.isTTY ? `\r${bar}` : `${bar}\n`)
  }
  return {
    tick: () => {
      done += 1
      draw()
    },
    finish: () => {
      draw(true)
      if (isEnabled && stream.isTTY) stream.write('\n')
    },
  }
}

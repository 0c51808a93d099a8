// Publish → fresh (issue 20): how long after a publish's commit anonymous readers still get the old version.
// One production server with its response cache on; an editor publishes a correction of a live story (a new dek)
// through the real endpoints while four anonymous readers poll the story by slug, the front page's list and both
// feeds. For each publish: the commit's own timestamp (track_commit_timestamp) and, per address, when the first
// response carrying the new dek arrived; freshness is the latest of the four minus the commit. Polling starts before
// the publish request is sent, so a stale answer served after the commit is counted.
import pg from 'pg'

import { commitTimeOfStory, correctionsThrough, newestStoryOfTheFeed, readerAddresses, signedInEditor } from './lib/corrections'
import { measurePublishesUntilFresh, now, percentile, round, summariseFreshness } from './lib/freshness'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { smallNewsroom } from './lib/smallNewsroom'

export const publishFresh: Scenario = {
  name: 'publish-fresh',
  isApiOnly: true,
  run: async ({ pg: postgres, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const publishes = isQuick ? 15 : 100
    const databaseUrl = await smallNewsroom({ pg: postgres, work, runScript }, 'fresh')
    // API only: the editor and the readers use only the API (REST, the by-slug route, the feeds), never Next's pages.
    const server = await startServer(databaseUrl, { REQUIRE_SECOND_FACTOR: 'false', SERVE_ADMIN: 'false' }, 'publish-fresh')
    // The bench's own listener: when the change notification reaches a process (the server hears it at the same time).
    const listener = new pg.Client({ connectionString: databaseUrl })
    await listener.connect()
    await listener.query('listen content_changes')
    let lastNotificationAt = 0
    listener.on('notification', () => void (lastNotificationAt = now()))
    try {
      const staff = await signedInEditor(server.url)
      const story = await newestStoryOfTheFeed(server.url, postgres, databaseUrl)
      const addresses = readerAddresses(server.url, story.slug)
      const { samples } = await measurePublishesUntilFresh({
        publishes,
        addresses,
        pollIntervalMs: 1,
        ...correctionsThrough(server.url, staff, story.id),
        committedAt: () => commitTimeOfStory(postgres, databaseUrl, story.id),
        afterPublish: (committed) => ({ notifyMs: round(lastNotificationAt - committed, 2) }),
      })
      const notify = samples.map((sample) => sample.extra.notifyMs)
      const results = {
        ...summariseFreshness(samples, Object.keys(addresses)),
        storyId: story.id,
        notifyDeliveryP50: round(percentile(notify, 50), 2),
        notifyDeliveryP99: round(percentile(notify, 99), 2),
        samples,
      }
      log(`publish → fresh: p50 ${results.p50} ms, p99 ${results.p99} ms (by address p99 ${JSON.stringify(results.byAddressP99)}; NOTIFY p99 ${results.notifyDeliveryP99} ms)`)
      return {
        results,
        targets: [
          {
            scenario: `publish → fresh, one process (${publishes} corrections of a live story; story by slug, list of 25, RSS, JSON feed; cache on)`,
            baseline: `the publish's commit (commit timestamp); the publish request itself ${results.publishRequestP50} ms`,
            measured: `p50 ${results.p50} ms, p99 ${results.p99} ms (slowest address per publish; NOTIFY reaches a listener in p99 ${results.notifyDeliveryP99} ms)`,
            target: 'p99 ≤ 50 ms',
            isPassed: results.p99 <= 50,
          },
        ],
      }
    } finally {
      await listener.end().catch(() => {})
      await server.stop()
    }
  },
}

// What the story's Publish button needs from the server as the page renders: the newsroom's time zone, and the
// latest draft's stage, headline and live state (for the schedule drawer). No UI here: the tests read it.
import type { Payload } from 'payload'

import { newsroomTimeZone } from '../../globals/SiteSettings'

export type PublishButtonFacts = { newsroomTimeZone: string; stage: string | null; title: string | null; isLive: boolean }

export async function publishButtonFacts({ payload, id }: { payload: Payload; id?: number | string | null }): Promise<PublishButtonFacts> {
  const [timeZone, story] = await Promise.all([
    newsroomTimeZone({ payload }),
    id === undefined || id === null
      ? null
      : payload.findByID({ collection: 'articles', id, draft: true, depth: 0, select: { stage: true, title: true, isLive: true }, overrideAccess: true, disableErrors: true }),
  ])
  return { newsroomTimeZone: timeZone, stage: story?.stage ?? null, title: story?.title ?? null, isLive: story?.isLive ?? false }
}

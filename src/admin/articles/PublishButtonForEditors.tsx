// Payload's Publish button (with its scheduling menu), offered only to the people who may publish: editors and
// admins. A writer's way forward is the workflow panel's "Submit for review". A server component: it reads the
// newsroom's time zone and the story's stage once, as the page renders, for the schedule drawer.
import type { Payload } from 'payload'
import React from 'react'

import { newsroomTimeZone } from '../../globals/SiteSettings'
import { NewsroomPublishButton } from './NewsroomPublishButton'

type ServerProps = { payload: Payload; id?: number | string }

export async function PublishButtonForEditors({ payload, id }: ServerProps) {
  const [timeZone, story] = await Promise.all([
    newsroomTimeZone({ payload }),
    id === undefined || id === null
      ? null
      : payload.findByID({ collection: 'articles', id, draft: true, depth: 0, select: { stage: true, title: true, isLive: true }, overrideAccess: true, disableErrors: true }),
  ])
  return <NewsroomPublishButton newsroomTimeZone={timeZone} stage={story?.stage ?? null} title={story?.title ?? null} isLive={story?.isLive ?? false} />
}

export default PublishButtonForEditors

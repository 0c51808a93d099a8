// Payload's Publish button (with its scheduling menu), offered only to the people who may publish: editors and
// admins. A writer's way forward is the workflow panel's "Submit for review". A server component: it reads the
// newsroom's time zone and the story's stage once, as the page renders, for the schedule drawer.
import type { Payload } from 'payload'
import React from 'react'

import { NewsroomPublishButton } from './NewsroomPublishButton'
import { publishButtonFacts } from './publishButtonFacts'

export async function PublishButtonForEditors({ payload, id }: { payload: Payload; id?: number | string }) {
  return <NewsroomPublishButton {...await publishButtonFacts({ payload, id })} />
}

export default PublishButtonForEditors

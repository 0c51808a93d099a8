'use client'
// Payload's Publish button (with its scheduling menu), offered only to the people who may publish: editors and
// admins. A writer's way forward is the workflow panel's "Submit for review".
import { PublishButton, useAuth } from '@payloadcms/ui'
import React from 'react'

import { isEditorRole } from '../../workflow/stages'

export function PublishButtonForEditors(props: React.ComponentProps<typeof PublishButton>) {
  const { user } = useAuth()
  if (!isEditorRole((user as { role?: Parameters<typeof isEditorRole>[0] } | null)?.role)) return null
  return <PublishButton {...props} />
}

export default PublishButtonForEditors

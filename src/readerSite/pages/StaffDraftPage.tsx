// `/preview/articles/<id>`: a story's latest draft for signed-in staff, rendered as readers will see it. It is the
// admin's Preview button and the live preview's iframe. Identity comes from the session cookie, checked by Payload
// on every render; anyone else gets the same 404 as for a story that does not exist.
import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import React from 'react'

import { readableStoryId } from '../addresses'
import { LivePreview } from '../components/LivePreview'
import { SiteFrame } from '../components/SiteFrame'
import { StoryArticle } from '../components/StoryArticle'
import { draftForStaff, siteName, verifiedStaff } from '../readerContent'

type Props = { params: Promise<{ id: string }> }

export const previewMetadata = async (): Promise<Metadata> => ({ title: 'Preview', robots: { index: false, follow: false } })

export async function StaffDraftPage({ params }: Props) {
  const id = readableStoryId((await params).id)
  if (id === null) notFound()
  const user = await verifiedStaff(await headers())
  if (!user) notFound()
  const result = await draftForStaff({ id, user })
  if (result.kind !== 'found') notFound()
  return (
    <LivePreview>
      <SiteFrame siteName={await siteName()} notice="Preview of the latest draft: readers do not see this page.">
        <StoryArticle story={result.story} isStaffPreview />
      </SiteFrame>
    </LivePreview>
  )
}

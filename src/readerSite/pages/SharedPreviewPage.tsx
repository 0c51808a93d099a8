// `/preview/<token>`: the page a secret preview link opens for an outside reviewer: the story's current draft,
// rendered as readers will see it. The link is checked as GET /api/preview/:token checks it (which stays the JSON).
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import React from 'react'

import { readableToken } from '../addresses'
import { SiteFrame } from '../components/SiteFrame'
import { StoryArticle } from '../components/StoryArticle'
import { draftForLink, siteName } from '../readerContent'

type Props = { params: Promise<{ token: string }> }

export const previewMetadata = async (): Promise<Metadata> => ({ title: 'Preview', robots: { index: false, follow: false } })

const expiryText = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })

export async function SharedPreviewPage({ params }: Props) {
  const token = readableToken((await params).token)
  if (!token) notFound()
  const preview = await draftForLink(token)
  // Unknown, revoked and expired links all get the not-found page, which tells the reviewer to ask for a new link.
  if (preview.kind !== 'found' || preview.lookup.kind !== 'found') notFound()
  return (
    <SiteFrame siteName={await siteName()} notice={`A preview shared by the newsroom, not yet published. This link works until ${expiryText(preview.expiresAt)} UTC.`}>
      <StoryArticle story={preview.lookup.story} />
    </SiteFrame>
  )
}

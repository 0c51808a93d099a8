// `/articles/<slug>`: a published story exactly as the public by-slug endpoint gives it to an anonymous reader.
import type { Metadata } from 'next'
import { notFound, permanentRedirect } from 'next/navigation'
import React from 'react'

import { readableSlug, storyPath } from '../addresses'
import { SiteFrame } from '../components/SiteFrame'
import { StoryArticle } from '../components/StoryArticle'
import { publishedStory, siteName } from '../readerContent'

type Props = { params: Promise<{ slug: string }> }

async function lookUp(params: Props['params']) {
  const slug = readableSlug((await params).slug)
  return slug ? publishedStory(slug) : ({ kind: 'missing' } as const)
}

export async function publishedStoryMetadata({ params }: Props): Promise<Metadata> {
  const result = await lookUp(params)
  if (result.kind !== 'found') return { title: 'Story not found' }
  const { seo } = result.story
  return { title: seo.title, description: seo.description ?? undefined }
}

export async function PublishedStoryPage({ params }: Props) {
  const result = await lookUp(params)
  if (result.kind === 'moved') permanentRedirect(storyPath(result.slug))
  if (result.kind !== 'found') notFound()
  return (
    <SiteFrame siteName={await siteName()}>
      <StoryArticle story={result.story} />
    </SiteFrame>
  )
}

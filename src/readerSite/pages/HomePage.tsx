// `/`: the newest published stories.
import type { Metadata } from 'next'
import React from 'react'

import { SiteFrame } from '../components/SiteFrame'
import { StoryList } from '../components/StoryList'
import { recentStories, siteName } from '../readerContent'

export async function homeMetadata(): Promise<Metadata> {
  const name = await siteName()
  return { title: name, description: `The newest stories from ${name}.`, alternates: { types: { 'application/rss+xml': '/api/feeds/rss.xml' } } }
}

export async function HomePage() {
  const [name, stories] = await Promise.all([siteName(), recentStories()])
  return (
    <SiteFrame siteName={name}>
      <h1>Latest stories</h1>
      <StoryList stories={stories} />
    </SiteFrame>
  )
}

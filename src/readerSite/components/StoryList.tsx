// The home page's list of recent published stories.
import Link from 'next/link'
import React from 'react'

import type { StorySummary } from '../../publicApi/storySummaries'
import { storyPath } from '../addresses'

const shortDate = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export function StoryList({ stories }: { stories: StorySummary[] }) {
  if (stories.length === 0) return <p>No stories have been published yet.</p>
  return (
    <ol className="story-list">
      {stories.map((story) => (
        <li key={String(story.id)} className="story-list__item">
          <h2>{story.slug ? <Link href={storyPath(story.slug)}>{story.title}</Link> : story.title}</h2>
          {story.dek ? <p>{story.dek}</p> : null}
          {story.publishedAt ? <time dateTime={story.publishedAt}>{shortDate(story.publishedAt)}</time> : null}
        </li>
      ))}
    </ol>
  )
}

// A story page: headline, dek, byline, hero image with its credit, body, calls to action, organizations and
// the reader-facing notes. Drafts use the same markup, so what the editor previews is what readers get.
import React from 'react'

import type { RenderedStory } from '../../publicApi/renderStory'
import { safeHref } from '../safeHref'
import { CallsToAction } from './CallsToAction'
import { Figure } from './Figure'
import { LiveText } from './LivePreview'
import { ReaderNotes } from './ReaderNotes'
import { StoryBody } from './StoryBody'

const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

const names = (people: { name: string }[]) =>
  people.length <= 1 ? (people[0]?.name ?? '') : `${people.slice(0, -1).map((person) => person.name).join(', ')} and ${people.at(-1)!.name}`

export function StoryArticle({ story, isStaffPreview = false }: { story: RenderedStory; isStaffPreview?: boolean }) {
  return (
    <article className="story">
      <header className="story__header">
        <h1>
          <LiveText field="title" saved={story.title} />
        </h1>
        {story.dek || isStaffPreview ? (
          <p className="story__dek">
            <LiveText field="dek" saved={story.dek ?? ''} />
          </p>
        ) : null}
        <p className="story__meta">
          {story.authors.length ? <span>By {names(story.authors)}</span> : null}
          {story.authors.length && story.publishedAt ? ' · ' : null}
          {story.publishedAt ? <time dateTime={story.publishedAt}>{longDate(story.publishedAt)}</time> : null}
        </p>
      </header>
      <Figure image={story.heroImage} isHero isStaffPreview={isStaffPreview} />
      <StoryBody body={story.body} isStaffPreview={isStaffPreview} />
      <CallsToAction items={story.callsToAction} isStaffPreview={isStaffPreview} />
      {story.organizations.length ? (
        <section className="organizations" aria-labelledby="organizations-heading">
          <h2 id="organizations-heading">Organizations in this story</h2>
          <ul>
            {story.organizations.map((organization) => {
              const href = safeHref(organization.website)
              return <li key={String(organization.id)}>{href ? <a href={href}>{organization.name}</a> : organization.name}</li>
            })}
          </ul>
        </section>
      ) : null}
      <ReaderNotes notes={story.readerNotes} />
    </article>
  )
}

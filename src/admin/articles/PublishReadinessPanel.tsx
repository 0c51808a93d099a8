'use client'
// Every image the story shows: thumbnail, where it appears, its credit line, what is missing, and where to fix it.
import React from 'react'

import { adminLink } from '../adminApi'
import { MISSING_LABELS, type StoryData, type StoryImage, whyPublishingIsBlocked } from './storyData'
import { DeskChecksList } from './DeskChecksList'

function ImageRow({ image }: { image: StoryImage }) {
  const { media, mediaId, locations, missing } = image
  const thumbnail = media?.sizes?.thumbnail?.url ?? media?.url ?? null
  return (
    <li className="nr-image" data-testid="readiness-image" data-media-id={String(mediaId)}>
      {thumbnail ? <img src={thumbnail} alt="" /> : <span className="nr-image__placeholder" />}
      <div className="nr-image__body">
        <p className="nr-image__name">{media?.filename ?? `media ${mediaId}`}</p>
        <p className="nr-muted">{locations.join('; ')}</p>
        <p>{media?.creditLine ?? <span className="nr-muted">No credit line</span>}</p>
        {missing.length > 0 ? (
          <p className="nr-image__missing" data-testid="readiness-missing">
            Missing: {missing.map((item) => MISSING_LABELS[item]).join(', ')}
          </p>
        ) : (
          <p className="nr-muted">Ready</p>
        )}
        <a href={adminLink('media', mediaId)} data-testid="readiness-fix-link">
          {missing.length > 0 ? 'Fix this image →' : 'Open image →'}
        </a>
      </div>
    </li>
  )
}

export function PublishReadinessPanel({ data, error }: { data: StoryData | null; error: string | null }) {
  const blockers = data ? whyPublishingIsBlocked({ readiness: data.readiness }) : []
  const imagesReady = data?.readiness.ready ?? false
  return (
    <section className="nr-panel" data-testid="publish-readiness" aria-live="polite">
      <h3>
        Publish readiness{' '}
        {data && (
          <span className={`nr-status nr-status--${imagesReady ? 'ok' : 'blocked'}`} data-testid="readiness-status">
            {imagesReady ? 'images ready' : 'blocked'}
          </span>
        )}
      </h3>
      {error && <p className="nr-image__missing">{error}</p>}
      {!data && !error && <p className="nr-muted">Checking…</p>}
      {data && blockers.length > 0 && <p className="nr-muted">To publish: {blockers.join('; ')}.</p>}
      {data && data.images.length === 0 && <p className="nr-muted">This story shows no images.</p>}
      {data && data.images.length > 0 && (
        <ul>
          {data.images.map((image) => (
            <ImageRow key={String(image.mediaId)} image={image} />
          ))}
        </ul>
      )}
      {data?.readiness.deskChecks && <DeskChecksList storyId={data.story.id} stage={data.readiness.stage} checks={data.readiness.deskChecks} />}
    </section>
  )
}

'use client'
// Every image the story shows: thumbnail, where it appears, its credit line, what is missing, and where to fix it:
// in a drawer over the story (credit the photo, save once, and the verdict follows) or on the photo's own page.
import { useDocumentDrawer } from '@payloadcms/ui'
import React from 'react'

import { adminLink } from '../adminApi'
import { announceStoryChanged } from '../storyEvents'
import { type EditorialPanels, MISSING_LABELS, type StoryImage, whyPublishingIsBlocked } from './storyData'
import { DeskChecksList } from './DeskChecksList'

// A web statement from a file is a link only when it is an ordinary web address; anything else is shown as text.
const webAddressOrNull = (value: string | null | undefined): string | null => {
  try {
    const url = new URL(value ?? '')
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

/** The rights the photo's file states, beside its credit line: what the licence allows, who grants it, until when. */
function ImageRights({ media }: { media: StoryImage['media'] }) {
  const rights = media?.embeddedMetadata
  const link = webAddressOrNull(rights?.webStatement)
  // The photo's own licence end as enforced (the file's, unless an editor renewed it).
  const endsAt = media?.licenseExpiresAt ?? rights?.licenseExpiresAt
  const ends = endsAt ? new Date(endsAt) : null
  const items: ([string, string] | null)[] = [
    media?.aiDisclosure ? ['AI or composite', media.aiDisclosure] : null,
    rights?.usageTerms ? ['Usage terms', rights.usageTerms] : null,
    rights?.licensor ? ['Licensor', rights.licensor] : null,
    rights?.copyrightNotice ? ['Copyright', rights.copyrightNotice] : null,
    ends && !Number.isNaN(ends.getTime()) ? [media?.licenseExpiresAt ? 'This photo’s licence ends' : 'Licence ends (file)', `${ends.toISOString().slice(0, 16).replace('T', ' ')} UTC`] : null,
  ]
  const shown = items.filter((item): item is [string, string] => item !== null)
  if (shown.length === 0 && !rights?.webStatement) return null
  return (
    <dl className="nr-image__rights" data-testid="readiness-rights">
      {shown.map(([label, value]) => (
        <React.Fragment key={label}>
          <dt className="nr-muted">{label}</dt>
          <dd>{value}</dd>
        </React.Fragment>
      ))}
      {rights?.webStatement && (
        <>
          <dt className="nr-muted">Web statement</dt>
          <dd>{link ? <a href={link} target="_blank" rel="noopener noreferrer nofollow">{link}</a> : rights.webStatement}</dd>
        </>
      )}
    </dl>
  )
}


function ImageRow({ image }: { image: StoryImage }) {
  const { media, mediaId, locations, missing } = image
  const thumbnail = media?.sizes?.thumbnail?.url ?? media?.thumbnailURL ?? media?.url ?? null
  const [PhotoDrawer, , { openDrawer, closeDrawer }] = useDocumentDrawer({ collectionSlug: 'media', id: Number(mediaId) })
  return (
    <li className="nr-image" data-testid="readiness-image" data-media-id={String(mediaId)}>
      {thumbnail ? <img src={thumbnail} alt="" /> : <span className="nr-image__placeholder" />}
      <div className="nr-image__body">
        <p className="nr-image__name">{media?.filename ?? `media ${mediaId}`}</p>
        <p className="nr-muted">{locations.join('; ')}</p>
        <p>{media?.creditLine ?? <span className="nr-muted">No credit line</span>}</p>
        <ImageRights media={media} />
        {media?.needsAPerson && (
          <p className="nr-image__missing" data-testid="readiness-needs-a-person">
            Needs a person: {media.needsAPerson}
          </p>
        )}
        {missing.length > 0 ? (
          <p className="nr-image__missing" data-testid="readiness-missing">
            Missing: {missing.map((item) => MISSING_LABELS[item]).join(', ')}
          </p>
        ) : (
          <p className="nr-muted">Ready</p>
        )}
        <p className="nr-image__actions">
          <button type="button" className="nr-link-button" onClick={openDrawer} data-testid="readiness-fix-in-drawer">
            {missing.length > 0 ? 'Fix this image →' : 'Edit image →'}
          </button>{' '}
          <a href={adminLink('media', mediaId)} className="nr-muted" data-testid="readiness-fix-link">
            open its page
          </a>
        </p>
        <PhotoDrawer
          onSave={() => {
            // The photo's credit or alt text changed: the verdict, the notice and the editor's credit lines follow.
            closeDrawer()
            announceStoryChanged()
          }}
        />
      </div>
    </li>
  )
}

export function PublishReadinessPanel({ data, error }: { data: EditorialPanels | null; error: string | null }) {
  const readiness = data?.readiness ?? null
  const blockers = readiness ? whyPublishingIsBlocked({ readiness }) : []
  const imagesReady = readiness?.ready ?? false
  return (
    <section className="nr-panel" data-testid="publish-readiness" aria-live="polite">
      <h3>
        Publish readiness{' '}
        {readiness && (
          <span className={`nr-status nr-status--${imagesReady ? 'ok' : 'blocked'}`} data-testid="readiness-status">
            {imagesReady ? 'images ready' : 'blocked'}
          </span>
        )}
      </h3>
      {error && <p className="nr-image__missing">{error}</p>}
      {!data && !error && <p className="nr-muted">Checking…</p>}
      {readiness && blockers.length > 0 && <p className="nr-muted">To publish: {blockers.join('; ')}.</p>}
      {data && data.images.length === 0 && <p className="nr-muted">This story shows no images.</p>}
      {data && data.images.length > 0 && (
        <ul>
          {data.images.map((image) => (
            <ImageRow key={String(image.mediaId)} image={image} />
          ))}
        </ul>
      )}
      {readiness?.deskChecks && data && <DeskChecksList storyId={data.story.id} stage={readiness.stage} checks={readiness.deskChecks} />}
    </section>
  )
}

// A calls-to-action list: what readers can do next, with the organization behind each action.
import React from 'react'

import type { RenderedCallToAction, RenderedImage } from '../../publicApi/renderStory'
import { Figure } from './Figure'
import { safeHref } from '../safeHref'

type Props = { heading?: string | null; image?: RenderedImage | null; items: RenderedCallToAction[]; isStaffPreview?: boolean; headingLevel?: 2 | 3 }

export function CallsToAction({ heading, image, items, isStaffPreview, headingLevel = 2 }: Props) {
  const active = items.filter((item) => item.isActive)
  if (active.length === 0) return null
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <aside className="calls-to-action" aria-label={heading || 'What you can do'}>
      <Heading>{heading || 'What you can do'}</Heading>
      {image ? <Figure image={image} isStaffPreview={isStaffPreview} /> : null}
      <ul>
        {active.map((item) => {
          const href = safeHref(item.url)
          return (
            <li key={String(item.id)}>
              {href ? <a href={href}>{item.title}</a> : <strong>{item.title}</strong>}
              {item.organization ? <span className="calls-to-action__organization"> ({item.organization.name})</span> : null}
              {item.instructions ? <p>{item.instructions}</p> : null}
              {item.handles.length || item.hashtags.length ? (
                <p className="calls-to-action__tags">{[...item.handles, ...item.hashtags].join(' ')}</p>
              ) : null}
            </li>
          )
        })}
      </ul>
    </aside>
  )
}

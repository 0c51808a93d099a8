'use client'
// On a photo credit: the stories that show any image carrying this credit.
import { useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { adminLink, getJSON, type Paginated, whereIn } from '../adminApi'
import '../panels.scss'

type Story = { id: number | string; title?: string | null; _status?: string | null; stage?: string | null }

export function StoriesUsingCredit() {
  const { id } = useDocumentInfo()
  const [stories, setStories] = useState<Story[] | null>(null)

  useEffect(() => {
    if (id === undefined || id === null) return
    let isCurrent = true
    getJSON<Paginated<{ id: number | string }>>(`/api/media?where[credit][equals]=${id}&depth=0&limit=200&select[filename]=true`)
      .then(async ({ docs: images }) => {
        if (images.length === 0) return []
        const ids = images.map((image) => image.id)
        const { docs } = await getJSON<Paginated<Story>>(
          `/api/articles?${whereIn('images', ids)}&draft=true&depth=0&limit=50&select[title]=true&select[stage]=true&select[_status]=true`,
        )
        return docs
      })
      .then((found) => isCurrent && setStories(found))
      .catch(() => isCurrent && setStories([]))
    return () => {
      isCurrent = false
    }
  }, [id])

  if (id === undefined || id === null) return null
  return (
    <div className="field-type" style={{ marginBottom: 24 }} data-testid="stories-using-credit">
      <h4 style={{ marginBottom: 8 }}>Stories using this credit</h4>
      {stories === null && <p className="nr-muted">Looking…</p>}
      {stories?.length === 0 && <p className="nr-muted">No story shows an image with this credit yet.</p>}
      <ul style={{ paddingLeft: 18 }}>
        {stories?.map((story) => (
          <li key={String(story.id)}>
            <a href={adminLink('articles', story.id)}>{story.title || `Story ${story.id}`}</a>{' '}
            <span className="nr-muted">({story._status === 'published' ? 'live' : (story.stage ?? 'draft')})</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

export default StoriesUsingCredit

// One image as readers see it: the picture, then its caption and credit line beneath it in the house style.
import React from 'react'

import type { RenderedImage } from '../../publicApi/renderStory'
import { isShowableImage } from '../showableImage'

type Props = { image: RenderedImage | null | undefined; isHero?: boolean; isStaffPreview?: boolean }

const bestSource = (image: RenderedImage, isHero: boolean) => {
  const preferred = isHero ? ['large', 'medium', 'card'] : ['medium', 'large', 'card']
  for (const name of preferred) if (image.sizes[name]?.url) return image.sizes[name]
  return { url: image.url, width: image.width, height: image.height }
}

export function Figure({ image, isHero = false, isStaffPreview = false }: Props) {
  if (!isShowableImage(image)) {
    // Readers never see an image without its credit and alt text; staff are told why one is missing.
    return isStaffPreview && image ? (
      <p className="withheld-image" role="note">
        An image is not shown here: it needs alt text and a credit line with a running licence before readers can see it.
      </p>
    ) : null
  }
  const source = bestSource(image, isHero)
  return (
    <figure className={isHero ? 'figure figure--hero' : 'figure'}>
      {/* A plain img: Payload already made the sizes, and the file may be served from another host (a CDN). */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img
        src={source.url ?? image.url}
        alt={image.alt}
        width={source.width ?? undefined}
        height={source.height ?? undefined}
        loading={isHero ? 'eager' : 'lazy'}
        decoding="async"
      />
      <figcaption>
        {image.caption ? <span className="figure__caption">{image.caption} </span> : null}
        <span className="figure__credit">{image.creditLine}</span>
        {/* An AI-generated or composite picture says so beside its credit (the publish gate requires the words). */}
        {image.disclosure ? <span className="figure__disclosure"> {image.disclosure}</span> : null}
      </figcaption>
    </figure>
  )
}

// A published-ready story with credited images in the hero and the body, calls to action and organizations.
import type { Payload } from 'payload'

import { callsToActionBlock, heading, organizationLink, paragraph, storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia, createOrganization } from './content'

let counter = 0

export async function creditedStory(payload: Payload, { title, topics = [] as string[] }: { title: string; topics?: string[] }) {
  counter += 1
  const tag = `${counter}-${Date.now()}`
  const afp = await createOrganization(payload, `AFP ${tag}`, 'news-agency')
  const getty = await createOrganization(payload, `Getty Images ${tag}`, 'news-agency')
  const advocacy = await payload.create({
    collection: 'organizations',
    data: { name: `RUSA LGBT ${tag}`, kind: 'advocacy', website: 'https://rusa.example.org', socialHandles: [{ platform: 'x', handle: '@rusalgbt' }] },
    overrideAccess: true,
  })
  const heroCredit = await createCredit(payload, { photographer: 'Alexander Nemenov', agencies: [afp.id, getty.id] })
  const bodyCredit = await createCredit(payload, { photographer: 'Aaron Hooper', courtesyOf: advocacy.id })
  const hero = await payload.update({
    collection: 'media',
    id: (await createMedia(payload, { credit: heroCredit.id, alt: 'Protesters march past the parliament in the rain' })).id,
    data: { caption: 'The default hero caption.' },
    overrideAccess: true,
  })
  const bodyImage = await payload.update({
    collection: 'media',
    id: (await createMedia(payload, { credit: bodyCredit.id, alt: 'Two activists hold a rainbow banner at night' })).id,
    data: { caption: 'The default body caption.' },
    overrideAccess: true,
  })
  const petition = await payload.create({
    collection: 'calls-to-action',
    data: {
      title: `Sign the petition ${tag}`,
      kind: 'petition',
      status: 'active',
      url: 'https://rusa.example.org/sign',
      organization: advocacy.id,
      handles: ['@StateDept'],
      hashtags: ['#FreeThem'],
    },
    overrideAccess: true,
  })
  const expired = await payload.create({
    collection: 'calls-to-action',
    data: { title: `Donate before the deadline ${tag}`, kind: 'donate', status: 'active', url: 'https://rusa.example.org/give', expiresAt: '2020-01-01T00:00:00.000Z' },
    overrideAccess: true,
  })
  const author = await payload.create({
    collection: 'users',
    data: { name: `Reporter ${tag}`, email: `reporter-${tag}@newsroom.test`, password: 'correct-horse-battery-staple', role: 'writer' },
    overrideAccess: true,
  })
  const story = await payload.create({
    collection: 'articles',
    data: {
      title,
      dek: 'A standfirst that says what happened.',
      authors: [author.id],
      heroImage: hero.id,
      heroCaption: 'The story’s own hero caption.',
      topics,
      organizations: [advocacy.id],
      callsToAction: [petition.id],
      body: storyBody(
        paragraph('The first paragraph, mentioning ', organizationLink(advocacy.id, 'RUSA LGBT'), '.'),
        uploadNode(bodyImage.id, 'A caption for this use only.'),
        heading('What happened next'),
        uploadNode(hero.id),
        callsToActionBlock({ callsToAction: [petition.id, expired.id] }),
      ) as never,
    },
    overrideAccess: true,
  })
  return { story, hero, bodyImage, heroCredit, bodyCredit, afp, getty, advocacy, petition, expired, author }
}

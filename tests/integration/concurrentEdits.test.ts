// Two people editing the same photo, credit, organization, call to action, note, settings or story at once:
// neither change is silently lost, a stale edit is refused with a 409, and races answer 409, never 500.
import { jest } from '@jest/globals'
import pg from 'pg'

import { rest, signedInCallerOfThisFile, type Caller } from '../helpers/http'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { testServerOfThisFile } from '../helpers/testPayload'

const ROUNDS = 10

const ctx = testServerOfThisFile()
const alice = signedInCallerOfThisFile(ctx, 'editor', 'Alice')
const bob = signedInCallerOfThisFile(ctx, 'editor', 'Bob')

let counter = 0
let firstNote: number | undefined
const unique = (label: string) => `${label} ${(counter += 1)} ${Date.now()}`

/** One edited collection: how to make a document, two fields two people change, and where it lives. */
type Edited = {
  name: string
  path: (id: number | string) => string
  create: () => Promise<number | string>
  first: (round: number) => Record<string, unknown>
  second: (round: number) => Record<string, unknown>
  method?: 'PATCH' | 'POST'
  query?: string
}

const edited: Edited[] = [
  {
    name: 'photos',
    path: (id) => `/api/media/${id}`,
    create: async () => (await createMedia(ctx.payload)).id,
    first: (round) => ({ alt: `Marchers cross the bridge, round ${round}` }),
    second: (round) => ({ caption: `The march, round ${round}` }),
  },
  {
    name: 'photo credits',
    path: (id) => `/api/photo-credits/${id}`,
    create: async () => (await createCredit(ctx.payload, { photographer: unique('Ana Ruiz') })).id,
    first: (round) => ({ photographer: `Ana Ruiz ${round}` }),
    second: (round) => ({ notes: `Licensed by phone, round ${round}` }),
  },
  {
    name: 'organizations',
    path: (id) => `/api/organizations/${id}`,
    create: async () => (await createOrganization(ctx.payload, unique('River Watch'))).id,
    first: (round) => ({ website: `https://river-watch-${round}.example.org` }),
    second: () => ({ kind: 'news-outlet' }),
  },
  {
    name: 'calls to action',
    path: (id) => `/api/calls-to-action/${id}`,
    create: async () => (await ctx.payload.create({ collection: 'calls-to-action', data: { title: unique('Sign the petition'), kind: 'petition', status: 'active' }, overrideAccess: true })).id,
    first: (round) => ({ title: `Sign the petition, round ${round}` }),
    second: (round) => ({ url: `https://petition.example.org/${round}` }),
  },
  {
    name: 'editorial notes',
    path: (id) => `/api/editorial-notes/${id}`,
    create: async () => {
      const story = await ctx.payload.create({ collection: 'articles', data: { title: unique('Noted story') }, overrideAccess: true })
      firstNote ??= (await ctx.payload.create({ collection: 'editorial-notes', data: { text: 'The note replied to' }, overrideAccess: true })).id
      return (await ctx.payload.create({ collection: 'editorial-notes', data: { text: 'First note', article: story.id }, overrideAccess: true })).id
    },
    first: (round) => ({ text: `Check the quote, round ${round}` }),
    second: () => ({ replyTo: firstNote }),
  },
  {
    name: 'stories',
    path: (id) => `/api/articles/${id}`,
    query: '?draft=true',
    create: async () => (await ctx.payload.create({ collection: 'articles', data: { title: unique('Contested story') }, overrideAccess: true })).id,
    first: (round) => ({ dek: `The dek, round ${round}` }),
    second: (round) => ({ heroCaption: `The caption, round ${round}` }),
  },
]

const readDoc = async (doc: Edited, id: number | string) =>
  (await rest(ctx.baseUrl, alice, 'GET', `${doc.path(id)}?depth=0${doc.query ? '&draft=true' : ''}`)).body
const write = (doc: Edited, caller: Caller, id: number | string, data: Record<string, unknown>, headers: Record<string, string> = {}) =>
  rest(ctx.baseUrl, caller, doc.method ?? 'PATCH', `${doc.path(id)}${doc.query ?? ''}`, data, headers)

describe.each(edited)('two people editing the same $name', (doc) => {
  it(`keeps both of two concurrent edits of different fields (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await doc.create()
      const [first, second] = await Promise.all([write(doc, alice, id, doc.first(round)), write(doc, bob, id, doc.second(round))])
      expect([first.status, second.status]).toEqual([200, 200])
      const stored = await readDoc(doc, id)
      expect(stored).toMatchObject({ ...doc.first(round), ...doc.second(round) })
    }
  })

  it('refuses an edit based on a version someone else has since saved, with a 409 that says what to do', async () => {
    const id = await doc.create()
    const { updatedAt } = await readDoc(doc, id)
    const saved = await write(doc, alice, id, doc.first(1), { 'x-expected-updated-at': updatedAt })
    expect(saved.status).toBe(200)
    const stale = await write(doc, bob, id, { ...doc.second(1), expectedUpdatedAt: updatedAt })
    expect(stale.status).toBe(409)
    // Beside the sentence, the version to reload: the one Alice saved.
    expect(stale.body.errors[0].data.currentUpdatedAt).toBe(saved.body.doc.updatedAt)
    expect(stale.body.errors[0].message).toMatch(/^Someone else changed this .+ since you opened it\. Nothing was saved\. Reload to see their changes/)
    expect(await readDoc(doc, id)).toMatchObject(doc.first(1))
  })

  it('lets exactly one of two writers who read the same version win', async () => {
    for (let round = 0; round < 3; round += 1) {
      const id = await doc.create()
      const { updatedAt } = await readDoc(doc, id)
      const results = await Promise.all([
        write(doc, alice, id, { ...doc.first(round), expectedUpdatedAt: updatedAt }),
        write(doc, bob, id, { ...doc.second(round), expectedUpdatedAt: updatedAt }),
      ])
      expect(results.map((result) => result.status).sort()).toEqual([200, 409])
    }
  })

  it('offers the version to send back on every read, and never stores it', async () => {
    const id = await doc.create()
    const read = await readDoc(doc, id)
    expect(read.expectedUpdatedAt).toBe(read.updatedAt)
    const saved = await write(doc, alice, id, { ...doc.first(2), expectedUpdatedAt: read.updatedAt })
    expect(saved.status).toBe(200)
    // The answer carries the new version, so the next save from the same form is not a conflict with itself.
    expect(saved.body.doc.expectedUpdatedAt).toBe(saved.body.doc.updatedAt)
    expect((await write(doc, alice, id, { ...doc.second(2), expectedUpdatedAt: saved.body.doc.expectedUpdatedAt })).status).toBe(200)
  })
})

describe('the site settings', () => {
  const readSettings = async () => (await rest(ctx.baseUrl, alice, 'GET', '/api/globals/site-settings?depth=0')).body
  const saveSettings = (caller: Caller, data: Record<string, unknown>) => rest(ctx.baseUrl, caller, 'POST', '/api/globals/site-settings', data)

  it(`keep both of two concurrent edits of different fields (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const promotion = await ctx.payload.create({ collection: 'calls-to-action', data: { title: unique('Pre-order the book'), kind: 'pre-order', status: 'active' }, overrideAccess: true })
      const [first, second] = await Promise.all([saveSettings(alice, { siteName: `Newsroom ${round}` }), saveSettings(bob, { promotion: promotion.id })])
      expect([first.status, second.status]).toEqual([200, 200])
      expect(await readSettings()).toMatchObject({ siteName: `Newsroom ${round}`, promotion: promotion.id })
    }
  })

  it('refuse a stale edit with a 409, and accept the version they answered with', async () => {
    const { updatedAt } = await readSettings()
    const saved = await saveSettings(alice, { siteName: 'The Daily Bridge', expectedUpdatedAt: updatedAt })
    expect(saved.status).toBe(200)
    const stale = await saveSettings(bob, { siteName: 'The Nightly Bridge', expectedUpdatedAt: updatedAt })
    expect(stale.status).toBe(409)
    expect(stale.body.errors[0].message).toMatch(/^Someone else changed the site settings since you opened them\. Nothing was saved\./)
    expect((await readSettings()).siteName).toBe('The Daily Bridge')
    expect((await saveSettings(bob, { siteName: 'The Nightly Bridge', expectedUpdatedAt: saved.body.result.expectedUpdatedAt })).status).toBe(200)
  })
})

describe('hostile versions', () => {
  it('answers a version that is not a time with a 400 that shows the expected form', async () => {
    const photo = await createMedia(ctx.payload)
    for (const expected of ['yesterday-ish', '   ', '\u200b', 'x'.repeat(10_000)]) {
      const result = await rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: 'A quiet street', expectedUpdatedAt: expected })
      expect(result.status).toBe(400)
      expect(result.body.errors[0].message).toMatch(/is not a time\. Send the updatedAt you read/)
    }
  })

  it('answers a version of the wrong type with a 400', async () => {
    const photo = await createMedia(ctx.payload)
    for (const expected of [12, true, { at: 'now' }, ['2026-01-01T00:00:00.000Z']]) {
      const result = await rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: 'A quiet street', expectedUpdatedAt: expected })
      expect(result.status).toBe(400)
    }
  })

  it('refuses a stale version sent to a bulk edit, and leaves every document as it was', async () => {
    const photo = await createMedia(ctx.payload, { alt: 'Before the bulk edit' })
    const { updatedAt } = (await rest(ctx.baseUrl, alice, 'GET', `/api/media/${photo.id}?depth=0`)).body
    expect((await rest(ctx.baseUrl, bob, 'PATCH', `/api/media/${photo.id}`, { caption: 'Bob was here' })).status).toBe(200)
    const bulk = await rest(ctx.baseUrl, alice, 'PATCH', `/api/media?where[id][equals]=${photo.id}`, { alt: 'After the bulk edit' }, { 'x-expected-updated-at': updatedAt })
    expect(bulk.status).toBe(400)
    expect(bulk.body.errors[0].message).toMatch(/Someone else changed this photo since you opened it/)
    expect((await ctx.payload.findByID({ collection: 'media', id: photo.id, overrideAccess: true })).alt).toBe('Before the bulk edit')
  })
})

describe('what the version applies to', () => {
  it('applies the header to the request’s own document, not to what its hooks change (renaming re-renders credit lines)', async () => {
    const organization = await createOrganization(ctx.payload, unique('Coastal Press'))
    const credit = await createCredit(ctx.payload, { photographer: unique('Ines Duarte'), agencies: [organization.id] })
    const { updatedAt } = (await rest(ctx.baseUrl, alice, 'GET', `/api/organizations/${organization.id}?depth=0`)).body
    const renamed = await rest(ctx.baseUrl, alice, 'PATCH', `/api/organizations/${organization.id}`, { name: `${organization.name} Agency` }, { 'x-expected-updated-at': updatedAt })
    expect(renamed.status).toBe(200)
    const rerendered = await ctx.payload.findByID({ collection: 'photo-credits', id: credit.id, overrideAccess: true })
    expect(rerendered.creditLine).toContain(`${organization.name} Agency`)
  })

  it('does not refuse restoring an older version of a story as stale', async () => {
    const story = await ctx.payload.create({ collection: 'articles', data: { title: unique('Restored story'), dek: 'First dek' }, draft: true, overrideAccess: true })
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { dek: 'Second dek' }, draft: true, overrideAccess: true })
    const versions = await ctx.payload.findVersions({ collection: 'articles', where: { parent: { equals: story.id } }, sort: 'createdAt', overrideAccess: true })
    const restored = await rest(ctx.baseUrl, alice, 'POST', `/api/articles/versions/${versions.docs[0].id}?draft=true`)
    expect(restored.status).toBe(200)
    expect((await ctx.payload.findByID({ collection: 'articles', id: story.id, draft: true, overrideAccess: true })).dek).toBe('First dek')
  })
})

describe('a browser tab catching up with itself', () => {
  const tab = (id: number) => `tab-${id}-${'0'.repeat(12)}`

  it('accepts a tab’s save based on the version before the tab’s own latest save, and nobody else’s', async () => {
    const story = await ctx.payload.create({ collection: 'articles', data: { title: unique('Typed quickly') }, overrideAccess: true })
    const opened = (await rest(ctx.baseUrl, alice, 'GET', `/api/articles/${story.id}?draft=true&depth=0`)).body.updatedAt
    const save = (caller: Caller, data: Record<string, unknown>) => rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${story.id}?draft=true`, data)
    const first = await save(alice, { dek: 'Boats went out', expectedUpdatedAt: opened, editingSession: tab(1) })
    expect(first.status).toBe(200)
    expect(first.body.doc.editingSession).toBe(tab(1))
    // The same tab's next autosave left before the first was answered: it still carries the version it opened.
    expect((await save(alice, { dek: 'Boats went out again', expectedUpdatedAt: opened, editingSession: tab(1) })).status).toBe(200)
    // Another tab (same person or not), no tab, or a tab id that is not one: all stale.
    for (const editingSession of [tab(2), undefined, 'x', { id: tab(1) }, `${tab(1)}; drop table media`]) {
      const stale = await save(bob, { dek: 'Overwritten?', expectedUpdatedAt: opened, editingSession })
      expect(stale.status).toBe(409)
    }
    expect((await ctx.payload.findByID({ collection: 'articles', id: story.id, draft: true, overrideAccess: true })).dek).toBe('Boats went out again')
  })

  it('does not let a tab catch up over someone else’s save made in between', async () => {
    const photo = await createMedia(ctx.payload)
    const opened = (await rest(ctx.baseUrl, alice, 'GET', `/api/media/${photo.id}?depth=0`)).body.updatedAt
    expect((await rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: 'First', expectedUpdatedAt: opened, editingSession: tab(3) })).status).toBe(200)
    expect((await rest(ctx.baseUrl, bob, 'PATCH', `/api/media/${photo.id}`, { caption: 'Bob in between' })).status).toBe(200)
    expect((await rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: 'Second', expectedUpdatedAt: opened, editingSession: tab(3) })).status).toBe(409)
  })
})

describe('deleting what someone else is editing', () => {
  it(`answers a photo edit that races the deletion of its credit with 200 or 409, never 500, and never deadlocks (${ROUNDS} rounds)`, async () => {
    const warnings = jest.spyOn(ctx.payload.logger, 'warn')
    for (let round = 0; round < ROUNDS; round += 1) {
      const credit = await createCredit(ctx.payload, { photographer: unique('Sam Okafor') })
      const photo = await createMedia(ctx.payload, { credit: credit.id })
      const [edit, deletion] = await Promise.all([
        // The admin form sends every field back, the credit included.
        rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: `Round ${round}: a flooded street`, credit: credit.id }),
        rest(ctx.baseUrl, bob, 'DELETE', `/api/photo-credits/${credit.id}`),
      ])
      expect(deletion.status).toBe(200)
      expect([200, 409]).toContain(edit.status)
      if (edit.status === 409) expect(edit.body.errors[0].message).toMatch(/changed or deleted .* while you were saving/)
      const stored = await ctx.payload.findByID({ collection: 'media', id: photo.id, depth: 0, overrideAccess: true })
      expect(stored.credit ?? null).toBeNull()
    }
    // The deletion waits for the photo's save instead of PostgreSQL breaking a deadlock after a second.
    expect(warnings.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('40P01'))).toEqual([])
    warnings.mockRestore()
  })

  it(`answers an edit that races the deletion of the same document with 200, 404 or 409, never 500 (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const organization = await createOrganization(ctx.payload, unique('Harbour Trust'))
      const [edit, deletion] = await Promise.all([
        rest(ctx.baseUrl, alice, 'PATCH', `/api/organizations/${organization.id}`, { website: `https://harbour-${round}.example.org` }),
        rest(ctx.baseUrl, bob, 'DELETE', `/api/organizations/${organization.id}`),
      ])
      expect(deletion.status).toBe(200)
      expect([200, 404, 409]).toContain(edit.status)
    }
  })

  it('answers 409, not 500, when the credit a photo is saved with is deleted while the save waits to write', async () => {
    const credit = await createCredit(ctx.payload, { photographer: unique('Lena Park') })
    const photo = await createMedia(ctx.payload, { credit: credit.id })
    // Someone else's deletion, held open: it has cleared the credit from the photo but not yet committed.
    const deletion = new pg.Client({ connectionString: ctx.databaseUrl })
    await deletion.connect()
    try {
      await deletion.query('begin')
      await deletion.query('delete from photo_credits where id = $1', [credit.id])
      const edit = rest(ctx.baseUrl, alice, 'PATCH', `/api/media/${photo.id}`, { alt: 'A flooded street at dawn', credit: credit.id })
      // The save has read the photo (credit still there) and now waits for the deletion's row lock.
      await waitUntil(async () => (await deletion.query("select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].waiting > 0)
      await deletion.query('commit')
      const answer = await edit
      expect(answer.status).toBe(409)
      expect(answer.body.errors[0].message).toMatch(/^Someone else changed or deleted something this change refers to .* while you were saving it\. Nothing was saved/)
      const stored = await ctx.payload.findByID({ collection: 'media', id: photo.id, depth: 0, overrideAccess: true })
      expect(stored.alt).not.toBe('A flooded street at dawn')
      expect(stored.credit ?? null).toBeNull()
    } finally {
      await deletion.end()
    }
  })
})

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('The save never waited for the deletion.')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

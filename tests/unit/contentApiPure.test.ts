import fc from 'fast-check'

import { decodeChanges, encodeChanges } from '../../src/cache/changeNotifications'
import { closureStatement, embeddedReferences } from '../../src/cache/documentKeys'
import { articleEventFor } from '../../src/webhooks/articleEvents'
import { escapeXml } from '../../src/publicApi/feeds'
import { isCallToActionActive, renderBody } from '../../src/publicApi/renderStory'
import { signWebhook, verifyWebhook } from '../../src/webhooks/webhookSignature'
import { whereProblem } from '../../src/server/requestGuards/whereProblems'

describe('escapeXml', () => {
  it('leaves no markup characters and no control characters, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeXml(text)
        expect(escaped).not.toMatch(/[<>"']/)
        expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/)
        // eslint-disable-next-line no-control-regex
        expect(escaped).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
      }),
    )
  })
})

describe('whereProblem', () => {
  it('accepts Payload filters and refuses malformed ones with a sentence', () => {
    expect(whereProblem({ title: { equals: 'x' } })).toBeNull()
    expect(whereProblem({ or: [{ topics: { in: ['a', 'b'] } }, { 'heroImage.alt': { exists: 'true' } }] })).toBeNull()
    expect(whereProblem({ and: { 0: { title: { like: 'x' } } } })).toBeNull()
    expect(whereProblem('title')).toMatch(/must be an object/)
    expect(whereProblem({ title: 'x' })).toMatch(/needs an operator/)
    expect(whereProblem({ title: { drop: 'x' } })).toMatch(/not a filter operator/)
    expect(whereProblem({ 'title;drop': { equals: 'x' } })).toMatch(/not a field path/)
    expect(whereProblem({ or: 'x' })).toMatch(/list of conditions/)
  })
})

describe('articleEventFor', () => {
  const live = (version: string) => ({ isLive: true, version })
  const hidden = (version: string) => ({ isLive: false, version })
  it('names the event by the live row before and after', () => {
    expect(articleEventFor({ before: hidden('1'), after: live('2') })).toBe('article.published')
    expect(articleEventFor({ before: null, after: live('1') })).toBe('article.published')
    expect(articleEventFor({ before: live('1'), after: hidden('2') })).toBe('article.unpublished')
    expect(articleEventFor({ before: live('1'), after: live('2') })).toBe('article.updated')
    expect(articleEventFor({ before: live('1'), after: live('1') })).toBeNull()
    expect(articleEventFor({ before: hidden('1'), after: hidden('2') })).toBeNull()
  })
})

describe('webhook signatures', () => {
  it('verify for the signed body only, and not once too old', () => {
    const body = '{"event":"article.published"}'
    const header = signWebhook({ secret: 'secret', body, timestamp: 1000 })
    expect(verifyWebhook({ secret: 'secret', body, header, now: 1010 })).toBe(true)
    expect(verifyWebhook({ secret: 'secret', body: `${body} `, header, now: 1010 })).toBe(false)
    expect(verifyWebhook({ secret: 'secret', body, header, now: 2000 })).toBe(false)
    expect(verifyWebhook({ secret: 'secret', body, header: 'garbage', now: 1010 })).toBe(false)
  })
})

describe('change notifications', () => {
  it('split into payloads below PostgreSQL’s NOTIFY limit and decode back to the same keys', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `media:${i}`)
    const messages = encodeChanges(keys, 'me')
    expect(messages.length).toBeGreaterThan(1)
    for (const message of messages) expect(message.length).toBeLessThan(8000)
    expect(messages.flatMap((message) => decodeChanges(message)!.keys)).toEqual(keys)
    expect(decodeChanges('not json')).toBeNull()
  })

  it('inline only integer ids into the closure statement', () => {
    const statement = closureStatement({ articles: [1, '2', '3; drop table users' as never], media: [] })
    expect(statement).toContain('array[1,2]::integer[]')
    expect(statement).not.toContain('drop table')
  })

  it('find polymorphic references inside a body', () => {
    expect(embeddedReferences({ root: { children: [{ type: 'link', fields: { doc: { relationTo: 'articles', value: { id: 4 } } } }, { relationTo: 'users', value: 1 }] } })).toEqual({
      articles: [4],
    })
  })
})

describe('render-ready body', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  it('closes calls to action past their expiry', () => {
    expect(isCallToActionActive({ id: 1, title: 't', status: 'active', expiresAt: '2026-05-31T23:59:59Z' }, now)).toBe(false)
    expect(isCallToActionActive({ id: 1, title: 't', status: 'active', expiresAt: '2026-06-02T00:00:00Z' }, now)).toBe(true)
    expect(isCallToActionActive({ id: 1, title: 't', status: 'closed' }, now)).toBe(false)
  })

  it('drops upload nodes whose image is not readable rather than leaking an id', () => {
    const body = { root: { type: 'root', children: [{ type: 'upload', relationTo: 'media', value: 99, fields: {} }, { type: 'paragraph', children: [] }] } }
    const rendered = renderBody(body, { media: new Map(), organizations: new Map(), callsToAction: new Map(), authors: new Map(), now }) as any
    expect(rendered.root.children).toEqual([{ type: 'paragraph', children: [] }])
  })
})

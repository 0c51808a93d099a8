// The reader site (src/readerSite, Next's (site) route group) through the real server: Express in front of Payload
// and Next, as `npm run dev` runs it. Each test sets up its own stories on this file's database.
import { jest } from '@jest/globals'

import { withClient } from '../../src/db/withClient'
import { creditedStory } from '../helpers/contentApiFixtures'
import { rawGet, startReaderSiteServer } from '../helpers/readerSiteServer'
import { publishStory } from '../helpers/stories'
import { forTheseTests } from '../helpers/forTheseTests'
import { startTestPayload } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

// The server stops before its database goes away.
const ctx = forTheseTests({
  start: async () => {
    const context = await startTestPayload()
    const site = await startReaderSiteServer(context).catch(async (error) => {
      await context.close()
      throw error
    })
    // Compile the pages once, so each test measures behaviour rather than the compiler (Next development mode).
    for (const path of ['/', '/articles/warm-up', '/preview/articles/1', '/preview/warm-up-token-aaaaaaaa']) await rawGet(site.baseUrl, path)
    return { ...context, site }
  },
  stop: async ({ site, close }) => {
    await site.stop()
    await close()
  },
  timeoutMs: 600_000,
})

// The first request to a page compiles it.
jest.setTimeout(240_000)

const page = (path: string, headers: Record<string, string> = {}) => rawGet(ctx.site.baseUrl, path, headers)

/** The text a reader sees in an HTML page, entities decoded, tags removed. */
const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')

/** Each <figure>'s image source and its figcaption's text. */
const figures = (html: string) =>
  [...html.matchAll(/<figure[^>]*>([\s\S]*?)<\/figure>/g)].map(([, inner]) => ({
    src: /<img[^>]*src="([^"]+)"/.exec(inner!)?.[1] ?? null,
    alt: /<img[^>]*alt="([^"]*)"/.exec(inner!)?.[1] ?? null,
    caption: visibleText(/<figcaption>([\s\S]*?)<\/figcaption>/.exec(inner!)?.[1] ?? '').trim(),
  }))

async function sessionCookie(email: string): Promise<string> {
  const response = await fetch(`${ctx.site.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  })
  if (!response.ok) throw new Error(`Sign-in failed for ${email}: ${response.status}`)
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('payload-token='))
  return cookie!.split(';')[0]!
}

/** What a browser sends when the admin's iframe or a staff member's tab opens a page of this site. */
const asBrowser = (cookie: string) => ({ cookie, 'sec-fetch-site': 'same-origin' })

const sql = (statement: string, values: unknown[]) => withClient(ctx.databaseUrl, (client) => client.query(statement, values))

describe('the home page', () => {
  it('lists published stories and not drafts', async () => {
    const published = await creditedStory(ctx.payload, { title: 'A published story for the home page' })
    await publishStory(ctx.payload, published.story.id)
    await creditedStory(ctx.payload, { title: 'A draft nobody may see yet' })

    const response = await page('/')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/text\/html/)
    const text = visibleText(response.body)
    expect(text).toContain('A published story for the home page')
    expect(text).not.toContain('A draft nobody may see yet')
    expect(response.body).toContain(`href="/articles/${published.story.slug}"`)
    expect(response.body).toMatch(/<html lang="en"/)
    expect(response.body).toMatch(/<main id="main"/)
    expect(response.body).toContain('href="#main"')
  })
})

describe('a story page', () => {
  it('shows every image with its caption and credit line beneath it, the calls to action and the organizations', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'Credits under every image' })
    await publishStory(ctx.payload, fixture.story.id)

    const response = await page(`/articles/${fixture.story.slug}`)
    expect(response.status).toBe(200)
    const shown = figures(response.body)
    const heroLine = `Photo by Alexander Nemenov/${fixture.afp.name}/${fixture.getty.name}.`
    expect(shown).toEqual([
      expect.objectContaining({ alt: 'Protesters march past the parliament in the rain', caption: `The story’s own hero caption. ${heroLine}` }),
      expect.objectContaining({ alt: 'Two activists hold a rainbow banner at night', caption: `A caption for this use only. Photo by Aaron Hooper, courtesy of ${fixture.advocacy.name}.` }),
      expect.objectContaining({ alt: 'Protesters march past the parliament in the rain', caption: `The default hero caption. ${heroLine}` }),
    ])
    for (const figure of shown) expect(figure.src).toMatch(/\/api\/media\/file\//)
    const text = visibleText(response.body)
    expect(text).toContain(fixture.petition.title)
    // A call to action past its end date is not offered.
    expect(text).not.toContain(fixture.expired.title)
    expect(response.body).toContain('href="https://rusa.example.org/sign"')
    expect(response.body).toContain('href="https://rusa.example.org/"')
    expect(response.body.match(/<h1[\s>]/g)).toHaveLength(1)
    // Readers' pages are never stored by a shared cache (Next renders them per request).
    expect(response.headers['cache-control']).toMatch(/private|no-store/)
  })

  it('prints the reader-facing notes in order', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'A story with notes' })
    await publishStory(ctx.payload, fixture.story.id)
    await sql(`insert into articles_reader_notes (_order, _parent_id, id, kind, text, time) values (1, $1, 'n1', 'correction', 'An earlier version misspelled a name.', now()), (2, $1, 'n2', 'update', 'The vote was moved to Friday.', now())`, [fixture.story.id])

    const text = visibleText((await page(`/articles/${fixture.story.slug}`)).body)
    const correction = text.indexOf('An earlier version misspelled a name.')
    const update = text.indexOf('The vote was moved to Friday.')
    expect(correction).toBeGreaterThan(-1)
    expect(update).toBeGreaterThan(correction)
  })

  it('leaves out an image whose licence has ended, and never shows it without its credit', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'An image whose licence ended' })
    await publishStory(ctx.payload, fixture.story.id)
    // As if the withdrawal job had not run yet: the licence simply ended.
    await sql(`update photo_credits set license_expires_at = now() - interval '1 minute' where id = $1`, [fixture.heroCredit.id])

    const response = await page(`/articles/${fixture.story.slug}`)
    expect(response.status).toBe(200)
    const shown = figures(response.body)
    expect(shown).toEqual([expect.objectContaining({ alt: 'Two activists hold a rainbow banner at night' })])
    expect(response.body).not.toContain('Alexander Nemenov')
    for (const figure of shown) expect(figure.caption).toMatch(/Photo by /)
  })

  it('leaves out an image that lost its credit, and its alt text alone does not bring it back', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'An image that lost its credit' })
    await publishStory(ctx.payload, fixture.story.id)
    // Past every hook, as a botched import or a manual fix in the database might leave it.
    await sql(`update media set credit_id = null where id = $1`, [fixture.bodyImage.id])

    const response = await page(`/articles/${fixture.story.slug}`)
    expect(response.status).toBe(200)
    const shown = figures(response.body)
    expect(shown.map((figure) => figure.alt)).toEqual(['Protesters march past the parliament in the rain', 'Protesters march past the parliament in the rain'])
    expect(response.body).not.toContain('Two activists hold a rainbow banner at night')
  })

  it('redirects an old slug to the current one', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'A story that was renamed' })
    await publishStory(ctx.payload, fixture.story.id)
    const current = `renamed-${fixture.story.slug}`
    await ctx.payload.update({ collection: 'articles', id: fixture.story.id, data: { slug: current }, overrideAccess: true })

    const response = await page(`/articles/${fixture.story.slug}`)
    expect(response.status).toBe(308)
    expect(response.headers.location).toBe(`/articles/${current}`)
    expect(visibleText((await page(`/articles/${current}`)).body)).toContain('A story that was renamed')
  })
})

describe('drafts', () => {
  it('are not shown to anonymous readers, neither as a story page nor as a preview', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'An unpublished draft' })
    for (const path of [`/articles/${draft.story.slug}`, `/preview/articles/${draft.story.id}`]) {
      const response = await page(path)
      expect(response.status).toBe(404)
      expect(response.body).not.toContain('An unpublished draft')
    }
  })

  it('are not shown with a forged session cookie or a query flag', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft behind a forged cookie' })
    const forged = 'payload-token=eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MSwiY29sbGVjdGlvbiI6InVzZXJzIn0.forged-signature'
    for (const path of [`/preview/articles/${draft.story.id}`, `/preview/articles/${draft.story.id}?draft=true&preview=true`, `/articles/${draft.story.slug}?draft=true`]) {
      const response = await page(path, asBrowser(forged))
      expect(response.status).toBe(404)
      expect(response.body).not.toContain('A draft behind a forged cookie')
    }
  })

  it('are rendered for signed-in staff with their credit lines, privately and unindexed', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft the editor previews' })
    const editor = await createUser(ctx.payload, 'editor')
    const cookie = await sessionCookie(editor.email)

    const response = await page(`/preview/articles/${draft.story.id}`, asBrowser(cookie))
    expect(response.status).toBe(200)
    expect(visibleText(response.body)).toContain('A draft the editor previews')
    expect(figures(response.body).map((figure) => figure.caption)).toEqual([
      expect.stringContaining(`Photo by Alexander Nemenov/${draft.afp.name}/${draft.getty.name}.`),
      expect.stringContaining(`Photo by Aaron Hooper, courtesy of ${draft.advocacy.name}.`),
      expect.stringContaining(`Photo by Alexander Nemenov/${draft.afp.name}/${draft.getty.name}.`),
    ])
    expect(response.headers['cache-control']).toMatch(/no-store/)
    expect(response.headers['cache-control']).not.toMatch(/public/)
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow')
  })

  it('are not rendered into another site’s page, even for a signed-in editor', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft another site tries to frame' })
    const editor = await createUser(ctx.payload, 'editor')
    const cookie = await sessionCookie(editor.email)
    const response = await page(`/preview/articles/${draft.story.id}`, { cookie, 'sec-fetch-site': 'cross-site' })
    expect(response.status).toBe(404)
    expect(response.body).not.toContain('A draft another site tries to frame')
  })

  it('are not rendered for an API reader (a machine account, not staff)', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft an API key holder may not preview here' })
    const apiUser = await createUser(ctx.payload, 'api')
    const cookie = await sessionCookie(apiUser.email).catch(() => '')
    const response = await page(`/preview/articles/${draft.story.id}`, cookie ? asBrowser(cookie) : {})
    expect(response.status).toBe(404)
  })
})

describe('secret preview links', () => {
  it('render the draft as a story page with its credit lines', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft shared with a source' })
    const link = await ctx.payload.create({ collection: 'preview-links', data: { article: draft.story.id } })

    const response = await page(`/preview/${link.token}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/text\/html/)
    expect(visibleText(response.body)).toContain('A draft shared with a source')
    expect(figures(response.body)[0]!.caption).toContain(`Photo by Alexander Nemenov/${draft.afp.name}/${draft.getty.name}.`)
    expect(response.headers['cache-control']).toMatch(/no-store/)
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow')
    // The newsroom's own accounts are not on the page.
    expect(response.body).not.toMatch(/@newsroom\.test/)
  })

  it('answer 404 for a forged, revoked or expired token', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'A draft behind dead links' })
    const revoked = await ctx.payload.create({ collection: 'preview-links', data: { article: draft.story.id } })
    await ctx.payload.update({ collection: 'preview-links', id: revoked.id, data: { revoked: true } })
    const expired = await ctx.payload.create({ collection: 'preview-links', data: { article: draft.story.id } })
    await sql(`update preview_links set expires_at = now() - interval '1 minute' where id = $1`, [expired.id])

    for (const token of [revoked.token!, expired.token!, 'A'.repeat(32), `${revoked.token!.slice(0, -1)}x`]) {
      const response = await page(`/preview/${token}`)
      expect(response.status).toBe(404)
      expect(response.body).not.toContain('A draft behind dead links')
    }
  })
})

describe('hostile addresses', () => {
  it.each([
    ['a long slug', `/articles/${'a'.repeat(5_000)}`],
    ['a huge slug (beyond Node’s header limit: 431)', `/articles/${'a'.repeat(20_000)}`],
    ['a path that climbs', '/articles/../../etc/passwd'],
    ['an encoded path that climbs', '/articles/..%2F..%2Fetc%2Fpasswd'],
    ['broken percent-encoding', '/articles/%E0%A4%A'],
    ['a null byte', '/articles/story%00'],
    ['invisible characters only', '/articles/%E2%80%8B%E2%80%8B'],
    ['a slug wrapped in invisible characters', '/articles/%E2%80%8Bstory%E2%80%8B'],
    ['unicode', '/articles/%F0%9F%94%A5-caf%C3%A9'],
    ['a token full of punctuation', "/preview/%3Cscript%3E'%22"],
    ['a long token', `/preview/${'b'.repeat(5_000)}`],
    ['a huge token', `/preview/${'b'.repeat(20_000)}`],
    ['a story id that is no number', '/preview/articles/1e9999'],
    ['a huge story id', '/preview/articles/99999999999999999999999999'],
    ['an injected story id', '/preview/articles/1%20or%201=1'],
  ])('%s is not found, never a server error', async (_name, path) => {
    const response = await page(path)
    expect([400, 404, 414, 431]).toContain(response.status)
    // (Next's development mode embeds the not-found's own stack for its overlay; none reaches the page's text.)
    expect(visibleText(response.body)).not.toMatch(/at .*\.(ts|js):\d+/)
  })

  it('resolves an encoded dot-dot as a path, to a page that exists, never a file or an error', async () => {
    const response = await page('/articles/%2e%2e/%2e%2e/etc/passwd')
    expect(response.status).toBeLessThan(500)
    expect(response.body).not.toMatch(/root:x?:0:0/)
  })
})

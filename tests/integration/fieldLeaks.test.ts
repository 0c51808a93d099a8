// Secrets and staff-only data never reach a caller who may not see them, in REST, GraphQL or a preview.

import { storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { transitionArticle } from '../../src/workflow/transitionArticle'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { anonymousCaller, apiKeyCaller, callerFor, graphql, rest, type Caller } from '../helpers/http'
import { deskEditor, publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser } from '../helpers/users'
import { objectsIn } from '../helpers/jsonTree'
import { withClient } from '../../src/db/withClient'

let ctx: TestServer
let callers: Record<'anonymous' | 'api' | 'writer', Caller>
let target: { id: number; email: string; apiKey: string; hash: string; salt: string; resetToken: string }
let secrets: { note: string; transitionNote: string; creditNote: string; otherStoryTitle: string }
let storyId: number
let previewToken: string

/** Keys that must never appear on another user's record for these callers. */
const SECRET_USER_KEYS = ['hash', 'salt', 'resetPasswordToken', 'resetPasswordExpiration', 'loginAttempts', 'lockUntil', 'apiKey', 'apiKeyIndex', 'enableAPIKey', 'role', 'email', 'sessions']

const isPresent = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)

function expectNoSecrets(label: string, text: string, body: unknown, kept: string[] = Object.values(secrets)) {
  const found = [target.apiKey, target.hash, target.salt, target.resetToken, target.email, ...kept].filter(
    (secret) => secret && text.includes(secret),
  )
  expect({ label, found }).toEqual({ label, found: [] })
  const leakedKeys: string[] = []
  for (const [path, object] of objectsIn(body)) {
    const isTargetUser = object.id === target.id && ('name' in object || 'email' in object) && !('title' in object)
    if (!isTargetUser) continue
    for (const key of SECRET_USER_KEYS) if (isPresent(object[key])) leakedKeys.push(`${path}.${key}=${JSON.stringify(object[key])}`)
  }
  expect({ label, leakedKeys }).toEqual({ label, leakedKeys: [] })
}

beforeAll(async () => {
  ctx = await startTestServer()
  const { payload, baseUrl } = ctx
  const writer = await createUser(payload, 'writer', 'Leak Writer')
  const apiUser = await createUser(payload, 'api', 'Leak API reader')
  // Only `api` users may hold an API key (src/collections/Users/hooks/restrictApiKeys.ts).
  const victim = await createUser(payload, 'api', 'Targeted API reader')
  callers = { anonymous: anonymousCaller, api: await apiKeyCaller(payload, apiUser), writer: await callerFor(baseUrl, writer) }

  // The colleague has an API key, a failed login behind them and a pending password reset.
  const victimKey = (await apiKeyCaller(payload, victim)).headers.authorization.split(' ').pop()!
  // No live session: API accounts never sign in with a password (src/signIn/requireSecondFactor.ts).
  await rest(baseUrl, anonymousCaller, 'POST', '/api/users/login', { email: victim.email, password: 'wrong password' })
  const resetToken = await payload.forgotPassword({ collection: 'users', data: { email: victim.email }, disableEmail: true })
  const { rows } = await withClient(ctx.databaseUrl, (client) => client.query('select hash, salt from users where id = $1', [victim.id]))
  target = { id: victim.id, email: victim.email, apiKey: victimKey, hash: rows[0].hash, salt: rows[0].salt, resetToken }

  secrets = {
    note: 'SECRET editorial note about a source',
    transitionNote: 'SECRET request-changes note naming a source',
    creditNote: 'SECRET credit note: the photographer is in hiding',
    otherStoryTitle: 'SECRET unpublished story sharing the organization',
  }
  const organization = await createOrganization(payload, 'Shared Advocacy Group')
  const credit = await createCredit(payload, { photographer: 'Careful Photographer', agencies: [organization.id] })
  await payload.update({ collection: 'photo-credits', id: credit.id, data: { notes: secrets.creditNote }, overrideAccess: true })
  const image = await createMedia(payload, { credit: credit.id })
  const story = await payload.create({
    collection: 'articles',
    data: { title: 'Story under review', heroImage: image.id, body: storyBody(uploadNode(image.id)) as never, organizations: [organization.id], authors: [victim.id, writer.id], reviewer: undefined },
    overrideAccess: true,
  })
  storyId = story.id
  await payload.create({
    collection: 'articles',
    data: { title: secrets.otherStoryTitle, heroImage: image.id, organizations: [organization.id], authors: [victim.id] },
    overrideAccess: true,
  })
  await payload.create({ collection: 'editorial-notes', data: { text: secrets.note, article: story.id }, overrideAccess: true })
  const editor = await deskEditor(payload)
  await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: editor })
  await transitionArticle({ payload, articleId: story.id, to: 'changes-requested', note: secrets.transitionNote, user: editor })
  const link = await payload.create({ collection: 'preview-links', data: { article: story.id }, user: editor, overrideAccess: false })
  previewToken = link.token as string
}, 120_000)

afterAll(async () => {
  await ctx?.close()
})

describe('user secrets', () => {
  const userPaths = () => [`/api/users?depth=0&limit=100`, `/api/users/${target.id}`, `/api/articles/${storyId}?depth=2&draft=true`, `/api/articles?depth=2&draft=true&limit=100`]

  for (const who of ['anonymous', 'api', 'writer'] as const) {
    it(`never shows another user's role, email, API key, hash, salt, reset token or lockout state to ${who} over REST`, async () => {
      for (const path of userPaths()) {
        const result = await rest(ctx.baseUrl, callers[who], 'GET', path)
        expect(result.status).toBeLessThan(500)
        expectNoSecrets(`${who} GET ${path}`, result.text, result.body, who === 'anonymous' ? undefined : [])
      }
    })

    it(`never shows them to ${who} over GraphQL, whatever fields are asked for`, async () => {
      const schema = await graphql(ctx.baseUrl, callers.writer, '{ __type(name: "User") { fields { name type { kind ofType { kind } } } } }')
      const scalarFields = (schema.body.data.__type.fields as { name: string; type: { kind: string; ofType?: { kind: string } } }[])
        .filter((field) => [field.type.kind, field.type.ofType?.kind].some((kind) => kind === 'SCALAR' || kind === 'ENUM'))
        .map((field) => field.name)
      const queries = [
        `{ Users(limit: 100) { docs { ${scalarFields.join(' ')} } } }`,
        `{ User(id: ${target.id}) { ${scalarFields.join(' ')} } }`,
        `{ Article(id: ${storyId}, draft: true) { title authors { ${scalarFields.join(' ')} } } }`,
      ]
      for (const query of queries) {
        const result = await graphql(ctx.baseUrl, callers[who], query)
        expect(result.status).toBeLessThan(500)
        expectNoSecrets(`${who} ${query}`, result.text, result.body?.data, who === 'anonymous' ? undefined : [])
      }
    })
  }
})

describe('the newsroom’s conversation', () => {
  it('keeps editorial notes and the transition log from anonymous and api callers, over REST and GraphQL', async () => {
    for (const who of ['anonymous', 'api'] as const) {
      for (const path of ['/api/editorial-notes?depth=2', '/api/article-transitions?depth=2', `/api/articles/${storyId}?depth=3&draft=true`]) {
        const result = await rest(ctx.baseUrl, callers[who], 'GET', path)
        expect(result.status).toBeLessThan(500)
        // Machine readers may preview drafts (other stories included), never the newsroom's notes.
        expectNoSecrets(`${who} GET ${path}`, result.text, result.body, [secrets.note, secrets.transitionNote, secrets.creditNote])
      }
      for (const query of ['{ EditorialNotes { docs { text } } }', '{ StageChanges { docs { note } } }']) {
        const result = await graphql(ctx.baseUrl, callers[who], query)
        expectNoSecrets(`${who} ${query}`, result.text, result.body?.data, [secrets.note, secrets.transitionNote])
      }
    }
  })
})

describe('preview links', () => {
  it('show the draft and its photos, but nothing of the newsroom: no notes, other stories, credit notes or accounts', async () => {
    const result = await rest(ctx.baseUrl, anonymousCaller, 'GET', `/api/preview/${previewToken}`)
    expect(result.status).toBe(200)
    expect(result.body.story.title).toBe('Story under review')
    expect(result.body.story.heroImage.creditLine).toBe('Photo by Careful Photographer/Shared Advocacy Group.')
    expectNoSecrets('preview', result.text, result.body)
    for (const [path, object] of objectsIn(result.body)) {
      for (const key of ['isPublic', 'needsOriginal', 'importKey', 'importHash', 'usedIn', 'notes', 'stage', 'reviewer', 'approvedBy', 'contentHash']) {
        expect({ path, key, present: key in object }).toEqual({ path, key, present: false })
      }
    }
  })
})

describe('“where is this used?” join fields', () => {
  it('resolve to null in GraphQL for anonymous and api callers, as their staff-only access declares; staff get the lists', async () => {
    const { payload, baseUrl } = ctx
    // Everything public: a published story using the photo, its credit and the organization.
    const organization = await createOrganization(payload, 'Public Join Agency', 'news-agency')
    const credit = await createCredit(payload, { photographer: 'Join Photographer', agencies: [organization.id] })
    const image = await createMedia(payload, { credit: credit.id })
    const story = await payload.create({
      collection: 'articles',
      data: { title: 'Published join story', heroImage: image.id, body: storyBody(uploadNode(image.id)) as never, organizations: [organization.id] },
      overrideAccess: true,
    })
    await publishStory(payload, story.id)
    const query = `{
      PhotoCredit(id: ${credit.id}) { id images { docs { id } } }
      Organization(id: ${organization.id}) { id credits { docs { id } } articles { docs { id } } mentionedIn { docs { id } } callsToAction { docs { id } } }
      Media(id: ${image.id}) { id usedIn { docs { id } } }
      PhotoCredits(where: { id: { equals: ${credit.id} } }) { docs { images(where: { id: { exists: true } }, sort: "id") { docs { id } } } }
    }`
    for (const caller of [callers.anonymous, callers.api]) {
      const { body } = await graphql(baseUrl, caller, query)
      expect(body.errors).toBeUndefined()
      expect(body.data.PhotoCredit).toEqual({ id: credit.id, images: null })
      expect(body.data.Organization).toEqual({ id: organization.id, credits: null, articles: null, mentionedIn: null, callsToAction: null })
      expect(body.data.Media).toEqual({ id: image.id, usedIn: null })
      expect(body.data.PhotoCredits.docs).toEqual([{ images: null }])
    }
    const { body } = await graphql(baseUrl, callers.writer, query)
    expect(body.data.PhotoCredit.images.docs).toEqual([{ id: image.id }])
    expect(body.data.Organization.credits.docs).toEqual([{ id: credit.id }])
    expect(body.data.Organization.articles.docs).toEqual([{ id: story.id }])
    expect(body.data.Media.usedIn.docs).toEqual([{ id: story.id }])
  })
})

// "Create new" saves an empty draft before the form opens; a visit left without typing must not leave a
// "<No Title>" story behind. The calls below are the admin's: the create view's payload.create with no data,
// then the form's autosave PATCHes.
import { createLocalReq, type Payload } from 'payload'

import { paragraph, storyBody } from '../../src/lexical/lexicalBuilders'
import { removeUntouchedDrafts, UNTOUCHED_DRAFT_GRACE_MS } from '../../src/collections/Articles/untouchedDrafts'
import { rest, signedInCallerOfThisFile } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'

const server = testServerOfThisFile()
const writer = signedInCallerOfThisFile(server, 'writer', 'Drafting Writer')

/** What the admin's create view does on opening: an empty draft, saved at once. */
async function openCreateView(): Promise<number> {
  const response = await rest(server.baseUrl, writer, 'POST', '/api/articles?draft=true&depth=0', {})
  expect(response.status).toBe(201)
  return response.body.doc.id
}

const autosave = async (id: number, data: Record<string, unknown>) => {
  const response = await rest(server.baseUrl, writer, 'PATCH', `/api/articles/${id}?draft=true&autosave=true&depth=0`, data)
  expect(response.status).toBe(200)
}

const exists = async (id: number) => (await rest(server.baseUrl, writer, 'GET', `/api/articles/${id}?draft=true&depth=0`)).status === 200

const later = () => new Date(Date.now() + UNTOUCHED_DRAFT_GRACE_MS + 60_000)
const remove = async (payload: Payload, now: Date) => removeUntouchedDrafts({ req: await createLocalReq({}, payload), now })

describe('empty drafts left by "Create new"', () => {
  it('removes a draft nobody typed into once the grace period is over, and keeps every draft someone wrote in', async () => {
    const leftEmpty = await openCreateView()
    const leftEmptyTwice = await openCreateView()
    const titled = await openCreateView()
    await autosave(titled, { title: 'Harbour strike ends' })
    const bodyOnly = await openCreateView()
    await autosave(bodyOnly, { body: storyBody(paragraph('Notes before the headline.')) })
    const titleTypedThenCleared = await openCreateView()
    await autosave(titleTypedThenCleared, { title: 'Draft' })
    await autosave(titleTypedThenCleared, { title: '' })

    expect(await remove(server.payload, later())).toBeGreaterThanOrEqual(2)

    expect(await exists(leftEmpty)).toBe(false)
    expect(await exists(leftEmptyTwice)).toBe(false)
    expect(await exists(titled)).toBe(true)
    expect(await exists(bodyOnly)).toBe(true)
    expect(await exists(titleTypedThenCleared)).toBe(true)
  })

  it('leaves the empty draft of someone who has just opened the form', async () => {
    const justOpened = await openCreateView()
    expect(await remove(server.payload, new Date())).toBe(0)
    expect(await exists(justOpened)).toBe(true)
  })

  it('never removes a story that has a headline, however old and untouched', async () => {
    const created = await server.payload.create({ collection: 'articles', data: { title: 'Wire copy, never edited' }, draft: true, overrideAccess: true })
    await remove(server.payload, later())
    expect(await exists(created.id)).toBe(true)
  })

  it('is a scheduled job', () => {
    const task = server.config.jobs?.tasks?.find((candidate) => candidate.slug === 'removeUntouchedDrafts')
    expect(task?.schedule?.length).toBeGreaterThan(0)
  })
})

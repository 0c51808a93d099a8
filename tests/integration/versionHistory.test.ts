// A story's version history: each version names who saved it (the server for a scheduled publication), autosaves
// fold between deliberate saves, and the comparison leaves the story's bookkeeping out.
import { createLocalReq, type Field, type Payload, type TypedUser } from 'payload'

import { loadVersionHistory } from '../../src/admin/versions/loadVersionHistory'
import { NOT_DIFFED } from '../../src/fields/notDiffed'
import { rest, signedInPersonOfThisFile, type Caller } from '../helpers/http'
import { deskEditor } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testServerOfThisFile()
const writer = signedInPersonOfThisFile(ctx, 'writer', 'History Writer')
const editor = signedInPersonOfThisFile(ctx, deskEditor)
let payload: Payload
beforeAll(() => {
  payload = ctx.payload
})

const DESK_READY = { dek: 'What happened.', meta: { title: 'Search headline', description: 'What a search result says.' }, topics: ['history'] }

describe('the version history', () => {
  it('names who saved each version, the server for a scheduled publication, and folds the autosaves between saves', async () => {
    const created = await rest(ctx.baseUrl, writer, 'POST', '/api/articles?draft=true', { title: 'A story with a past', ...DESK_READY })
    expect(created.status).toBe(201)
    const id = created.body.doc.id as number
    const autosave = (caller: Caller, data: Record<string, unknown>) => rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${id}?draft=true&autosave=true`, data)
    const move = (caller: Caller, to: string) => rest(ctx.baseUrl, caller, 'POST', `/api/articles/${id}/transition`, { to })

    expect((await autosave(writer, { heroCaption: 'First words.' })).status).toBe(200)
    expect((await autosave(writer, { heroCaption: 'First words, revised.' })).status).toBe(200)
    expect((await move(writer, 'in-review')).status).toBe(200)
    expect((await move(editor, 'approved')).status).toBe(200)
    // A publication the server makes on its own (no scheduling user in the job).
    await payload.jobs.queue({ task: 'schedulePublish', input: { type: 'publish', doc: { relationTo: 'articles', value: id } } })
    await payload.jobs.run()
    expect((await payload.findByID({ collection: 'articles', id, depth: 0 }))._status).toBe('published')

    const { lines, names } = await loadVersionHistory({ req: await createLocalReq({ user: editor.user }, payload), storyId: id })
    const nameOf = (savedBy: number | string | null) => (savedBy === null ? 'the server' : names[String(savedBy)])
    const described = lines.map((line) =>
      line.kind === 'version'
        ? `${line.version.status}/${line.version.stage} by ${nameOf(line.version.savedBy)}`
        : `${line.versions.length} autosave(s) by ${line.versions.map((version) => nameOf(version.savedBy)).join(', ')}`,
    )
    expect(described).toEqual([
      'published/published by the server',
      'draft/approved by Desk Editor',
      'draft/in-review by History Writer',
      '1 autosave(s) by History Writer',
      'draft/draft by History Writer',
    ])
  })

  it('lists versions only for newsroom staff', async () => {
    const story = await payload.create({ collection: 'articles', data: { title: 'Not for machines' } })
    const machine = await createUser(payload, 'api', 'Front end')
    await expect(
      loadVersionHistory({ req: await createLocalReq({ user: { ...machine, collection: 'users' } as TypedUser }, payload), storyId: story.id }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('records the saver itself: a client cannot claim someone else saved it', async () => {
    const created = await rest(ctx.baseUrl, writer, 'POST', '/api/articles?draft=true', { title: 'Claims', savedBy: editor.user.id })
    const id = created.body.doc.id as number
    await rest(ctx.baseUrl, writer, 'PATCH', `/api/articles/${id}?draft=true`, { dek: 'Changed.', savedBy: editor.user.id })
    const { docs } = await payload.findVersions({ collection: 'articles', where: { parent: { equals: id } }, depth: 0, overrideAccess: true })
    expect(docs.map((version) => version.version.savedBy)).toEqual(docs.map(() => writer.user.id))
  })
})

describe('comparing versions', () => {
  const fieldsByName = () =>
    new Map(
      payload.collections.articles.config.fields.filter((field): field is Field & { name: string } => 'name' in field).map((field) => [field.name, field]),
    )
  const diffComponentOf = (field: Field | undefined) => (field?.admin as { components?: { Diff?: unknown } } | undefined)?.components?.Diff

  it('leaves the story’s bookkeeping out: fingerprint, derived lists, search text, import key, live state, edit-form fields', () => {
    const fields = fieldsByName()
    const bookkeeping = ['contentHash', 'images', 'bodyCallsToAction', 'mentionedOrganizations', 'writers', 'searchText', 'importHash', 'isLive', 'expectedUpdatedAt', 'editingSession']
    expect(bookkeeping.filter((name) => diffComponentOf(fields.get(name)) !== NOT_DIFFED)).toEqual([])
  })

  it('compares what people write and decide, and leaves out every other field hidden from the edit form', () => {
    const fields = fieldsByName()
    for (const name of ['title', 'dek', 'body', 'heroImage', 'topics', 'meta', 'stage', 'approvedBy', 'readerNotes', 'savedBy']) {
      expect({ name, diff: diffComponentOf(fields.get(name)) }).toEqual({ name, diff: undefined })
    }
    // Hidden fields are the server's unless named here: the reviewer, the due date and who approved (the workflow
    // panel shows them), who saved, and the desk's waivers (the readiness panel lists them) are worth seeing change. Payload's own
    // timestamps are its version view's business (each version is titled by its date).
    const shownThoughHidden = ['reviewer', 'dueAt', 'approvedBy', 'savedBy', 'deskCheckWaivers', 'updatedAt', 'createdAt', 'deletedAt']
    const hiddenAndCompared = [...fields.values()]
      .filter((field) => (field.admin as { hidden?: boolean } | undefined)?.hidden || ('virtual' in field && field.virtual))
      .filter((field) => diffComponentOf(field) !== NOT_DIFFED && !shownThoughHidden.includes(field.name))
      .map((field) => field.name)
    expect(hiddenAndCompared).toEqual([])
  })
})

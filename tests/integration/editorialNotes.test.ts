// A note says who wrote it, and only the server says so: the author is the person who created it, and no later edit
// (by its writer, an editor, or an admin) can hand the note to someone else.
import { idOf } from '../../src/fields/relationIds'
import { personFor, signedInPersonOfThisFile, type Person } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testServerOfThisFile()
const writer = signedInPersonOfThisFile(ctx, 'writer', 'Note Writer')
const editor = signedInPersonOfThisFile(ctx, 'editor', 'Note Editor')
const admin = signedInPersonOfThisFile(ctx, 'admin', 'Note Admin')

const authorOf = async (noteId: number) =>
  idOf((await ctx.payload.findByID({ collection: 'editorial-notes', id: noteId, depth: 0, overrideAccess: true })).author)

const writeNote = async (by: Person, body: Record<string, unknown>) => {
  const response = await fetch(`${ctx.baseUrl}/api/editorial-notes`, { method: 'POST', headers: by.headers, body: JSON.stringify(body) })
  expect(response.status).toBe(201)
  return ((await response.json()) as { doc: { id: number } }).doc.id
}
const editNote = (by: Person, id: number, body: Record<string, unknown>) =>
  fetch(`${ctx.baseUrl}/api/editorial-notes/${id}`, { method: 'PATCH', headers: by.headers, body: JSON.stringify(body) })

describe('who wrote an editorial note', () => {
  it('is the person who created it, whoever the request names', async () => {
    const noteId = await writeNote(writer, { text: 'Check the second photo.', author: editor.user.id })
    expect(await authorOf(noteId)).toBe(writer.user.id)
  })

  it('stays the writer when the writer edits the note and names someone else', async () => {
    const noteId = await writeNote(writer, { text: 'First thoughts.' })
    const response = await editNote(writer, noteId, { text: 'Second thoughts.', author: editor.user.id })
    expect(response.status).toBe(200)
    expect(await authorOf(noteId)).toBe(writer.user.id)
  })

  it.each([
    ['an editor', editor],
    ['an admin', admin],
  ])('stays the writer when %s edits the note and names someone else', async (_role, who) => {
    const noteId = await writeNote(writer, { text: 'A writer’s note.' })
    expect((await editNote(who, noteId, { author: who.user.id })).status).toBe(200)
    expect(await authorOf(noteId)).toBe(writer.user.id)
  })

  it.each([
    ['empty', null],
    ['a string id', 'editor'],
    ['an object', { id: 1, relationTo: 'users' }],
  ])('stays the writer when an edit sends an author that is %s', async (_kind, author) => {
    const noteId = await writeNote(writer, { text: 'Hostile authors.' })
    const response = await editNote(writer, noteId, { author: author === 'editor' ? String(editor.user.id) : author })
    expect(response.status).toBeLessThan(500)
    expect(await authorOf(noteId)).toBe(writer.user.id)
  })

  it('stays each writer’s when an editor edits two notes at once and names someone else', async () => {
    const other = await personFor(ctx.baseUrl, await createUser(ctx.payload, 'writer', 'Other Note Writer'))
    const ids = [await writeNote(writer, { text: 'One of two.' }), await writeNote(other, { text: 'Two of two.' })]
    const response = await fetch(`${ctx.baseUrl}/api/editorial-notes?where[id][in]=${ids.join(',')}`, {
      method: 'PATCH',
      headers: editor.headers,
      body: JSON.stringify({ author: editor.user.id }),
    })
    expect(response.status).toBe(200)
    expect([await authorOf(ids[0]), await authorOf(ids[1])]).toEqual([writer.user.id, other.user.id])
  })

  it('keeps the author of a note edited by a hook or job without a signed-in user', async () => {
    const noteId = await writeNote(writer, { text: 'Edited by the system.' })
    await ctx.payload.update({ collection: 'editorial-notes', id: noteId, data: { text: 'Tidied by the system.', author: editor.user.id }, overrideAccess: true })
    expect(await authorOf(noteId)).toBe(writer.user.id)
  })
})

describe('copying an editorial note', () => {
  it('is not offered: a duplicate would put one person’s words under the name of whoever copied them', async () => {
    const noteId = await writeNote(writer, { text: 'Only I said this.' })
    const before = await ctx.payload.count({ collection: 'editorial-notes', overrideAccess: true })
    const response = await fetch(`${ctx.baseUrl}/api/editorial-notes/${noteId}/duplicate`, { method: 'POST', headers: editor.headers, body: '{}' })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(await ctx.payload.count({ collection: 'editorial-notes', overrideAccess: true })).toEqual(before)
  })
})

// The story editor's image cards read their photos in one list read (src/lexical/photoCardReads.ts). Against the
// real server, for every kind of caller: each card gets exactly what its own GET /api/media/:id?depth=0 answered
// (the same photo with the same fields, or the same refusal), so nobody reads a photo, or a field, they could not
// read before; and hostile reads (10,000 ids, duplicates, ids that are not numbers) are answered without a 5xx.
import { gatherPhotoCardReads, PHOTO_CARDS_PER_REQUEST } from '../../src/lexical/photoCardReads'
import { createMedia } from '../helpers/content'
import { creditedStory } from '../helpers/contentApiFixtures'
import { anonymousCaller, apiKeyCaller, type Caller } from '../helpers/http'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

type Answer = { status: number; body: unknown }

/** What the server answers `caller` for one card's own read. */
async function readAlone(caller: Caller, id: number | string): Promise<Answer> {
  const response = await fetch(`${ctx.baseUrl}/api/media/${id}?depth=0`, { headers: caller.headers })
  return { status: response.status, body: await response.json().catch(() => null) }
}

/** Every card's read started together through the gathering fetch, as `caller`; the list reads it sent, counted. */
async function readTogether(caller: Caller, ids: (number | string)[]): Promise<{ answers: Answer[]; listReads: string[] }> {
  const listReads: string[] = []
  const send: typeof fetch = (input, init) => {
    listReads.push(`${init?.method ?? 'GET'} ${String(input)}`)
    return fetch(input, init)
  }
  const gatheredFetch = gatherPhotoCardReads({ fetch: send })
  const answers = await Promise.all(
    ids.map(async (id) => {
      const response = await gatheredFetch(`${ctx.baseUrl}/api/media/${id}?depth=0`, { headers: caller.headers })
      return { status: response.status, body: await response.json().catch(() => null) }
    }),
  )
  return { answers, listReads }
}

let callers: Caller[] = []
let photos: { live: number; unused: number; uncredited: number } = { live: 0, unused: 0, uncredited: 0 }

beforeAll(async () => {
  const fixture = await creditedStory(ctx.payload, { title: `Photo cards ${Date.now()}` })
  await publishStory(ctx.payload, fixture.story.id)
  const unused = await createMedia(ctx.payload, { credit: fixture.bodyCredit.id, alt: 'A quiet street before dawn' })
  const uncredited = await createMedia(ctx.payload, { alt: 'A crowd outside the courthouse' })
  photos = { live: fixture.bodyImage.id, unused: unused.id, uncredited: uncredited.id }
  const signedIn = async (role: 'writer' | 'editor' | 'admin') => ({ name: role, headers: await loginHeaders(ctx.baseUrl, (await createUser(ctx.payload, role)).email) })
  callers = [anonymousCaller, await apiKeyCaller(ctx.payload, await createUser(ctx.payload, 'api')), await signedIn('writer'), await signedIn('editor'), await signedIn('admin')]
})

describe('the image cards’ photos read together', () => {
  it('answers every kind of caller, for every photo, exactly what the photo’s own read answers, in one list read', async () => {
    const missing = 2_000_000_000
    const ids = [photos.live, photos.unused, photos.uncredited, missing]
    for (const caller of callers) {
      const alone = await Promise.all(ids.map((id) => readAlone(caller, id)))
      const { answers, listReads } = await readTogether(caller, ids)
      expect({ caller: caller.name, answers }).toEqual({ caller: caller.name, answers: alone })
      expect(listReads).toEqual([`POST ${ctx.baseUrl}/api/media`])
    }
    // The comparison means something: the anonymous reader sees the live story's photo and nothing else, staff see all three.
    const anonymous = (await readTogether(anonymousCaller, ids)).answers.map((answer) => answer.status)
    expect(anonymous).toEqual([200, 404, 404, 404])
    const writer = (await readTogether(callers[2], ids)).answers.map((answer) => answer.status)
    expect(writer).toEqual([200, 200, 200, 404])
  })

  it('asks once for a photo shown twice, and gives each card its own copy', async () => {
    const editor = callers[3]
    const { answers, listReads } = await readTogether(editor, [photos.live, photos.live, photos.unused, photos.live])
    expect(listReads).toHaveLength(1)
    expect(answers.map((answer) => [answer.status, (answer.body as { id?: number })?.id])).toEqual([
      [200, photos.live],
      [200, photos.live],
      [200, photos.unused],
      [200, photos.live],
    ])
  })

  it('reads 10,000 cards in list reads of at most the set size, each within the server’s limits, without a 5xx', async () => {
    const ids = Array.from({ length: 10_000 }, (_, n) => (n === 0 ? photos.live : n === 9_999 ? photos.unused : 1_000_000_000 + n))
    const { answers, listReads } = await readTogether(callers[2], ids)
    expect(listReads).toHaveLength(Math.ceil(10_000 / PHOTO_CARDS_PER_REQUEST))
    expect(answers[0].status).toBe(200)
    expect(answers[9_999].status).toBe(200)
    expect(answers.slice(1, 9_999).every((answer) => answer.status === 404)).toBe(true)
  })

  it('leaves a read whose id is not a row id to the server, which refuses it as before', async () => {
    const editor = callers[3]
    for (const id of ['abc', '1.5', '-3', '0x10', '0', '007', '2147483648', '99999999999999999999', '%20']) {
      const { answers, listReads } = await readTogether(editor, [id])
      expect(listReads).toEqual([`GET ${ctx.baseUrl}/api/media/${id}?depth=0`])
      expect(answers[0].status).toBe((await readAlone(editor, id)).status)
      expect(answers[0].status).toBeLessThan(500)
    }
  })

  it('answers a list read of ids that are not numbers, sent by hand, with a 4xx and no photo', async () => {
    for (const caller of [anonymousCaller, callers[2]]) {
      const response = await fetch(`${ctx.baseUrl}/api/media`, {
        method: 'POST',
        headers: { ...caller.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-payload-http-method-override': 'GET' },
        body: new URLSearchParams({ 'where[id][in]': `abc,${photos.unused},1 or 1=1`, depth: '0', pagination: 'false' }).toString(),
      })
      const body = (await response.json().catch(() => null)) as { docs?: unknown[] } | null
      expect(response.status).toBeLessThan(500)
      if (response.status === 200) expect(body?.docs?.map((doc) => (doc as { id: number }).id) ?? []).toEqual(caller === anonymousCaller ? [] : [photos.unused])
    }
  })
})

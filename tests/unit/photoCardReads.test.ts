// The story editor's image cards read their photos together (src/lexical/photoCardReads.ts): which requests are a
// card's read, how ids become list reads, and what each card gets back, against a stand-in server.
import { cardAnswers, gatherPhotoCardReads, listReadBodies, PHOTO_CARDS_PER_REQUEST, photoCardReadOf } from '../../src/lexical/photoCardReads'

const ORIGIN = 'http://newsroom.test'
const card = (id: string | number, query = '?depth=0') => `${ORIGIN}/api/media/${id}${query}`

type Sent = { url: string; method: string; body: string | null; headers: Headers }

/** A stand-in for the server's list read: answers the photos in `readable`, records what it was sent. */
function standInServer({ readable, status = 200 }: { readable: number[]; status?: number }) {
  const sent: Sent[] = []
  const send: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : null
    sent.push({ url: String(input), method: init?.method ?? 'GET', body, headers: new Headers(init?.headers) })
    if (status !== 200) return Response.json({ errors: [{ message: 'You are not allowed to perform this action.' }] }, { status })
    if ((init?.method ?? 'GET') !== 'POST') return Response.json({ id: 'alone' })
    const ids = (new URLSearchParams(body ?? '').get('where[id][in]') ?? '').split(',').map(Number)
    return Response.json({ docs: ids.filter((id) => readable.includes(id)).map((id) => ({ id, filename: `photo-${id}.jpg` })) })
  }
  return { sent, send }
}

describe('which requests are an image card’s read', () => {
  it('is a GET of one photo by its row id at depth 0, with at most a locale', () => {
    expect(photoCardReadOf({ url: card(12) })).toEqual({ id: '12', listUrl: `${ORIGIN}/api/media`, query: '?depth=0' })
    expect(photoCardReadOf({ url: card(12, '?depth=0&locale=fr'), method: 'get' })).toMatchObject({ id: '12', query: '?depth=0&locale=fr' })
  })

  it('is nothing else: other methods, bodies, collections, queries, ids that are not row ids, other schemes', () => {
    for (const other of [
      { url: card(12), method: 'POST' },
      { url: card(12), hasBody: true },
      { url: `${ORIGIN}/api/photo-credits/12?depth=0` },
      { url: `${ORIGIN}/api/media/12/versions?depth=0` },
      { url: `${ORIGIN}/api/media/file/12?depth=0` },
      { url: card(12, '') },
      { url: card(12, '?depth=1') },
      { url: card(12, '?depth=0&cacheBust=1') },
      { url: card(12, '?depth=0&depth=0') },
      { url: card(12, '?depth=0&draft=true') },
      ...['abc', '0', '012', '-1', '1.5', '1e3', '2147483648', '99999999999999999999', '%31'].map((id) => ({ url: card(id) })),
      { url: `ftp://newsroom.test/api/media/12?depth=0` },
      { url: 'not a url' },
    ]) {
      expect({ other, read: photoCardReadOf(other) }).toEqual({ other, read: null })
    }
  })
})

describe('the list reads for the cards', () => {
  it('asks for each photo once, in reads of at most the set size, at depth 0, keeping the locale', () => {
    const ids = Array.from({ length: PHOTO_CARDS_PER_REQUEST + 3 }, (_, n) => String(n + 1))
    const bodies = listReadBodies({ ids: [...ids, '1', '2', 'abc', '0'], query: '?depth=0&locale=fr' })
    expect(bodies).toHaveLength(2)
    const forms = bodies.map((body) => new URLSearchParams(body))
    expect(forms.map((form) => form.get('where[id][in]')!.split(',').length)).toEqual([PHOTO_CARDS_PER_REQUEST, 3])
    expect(forms.flatMap((form) => form.get('where[id][in]')!.split(','))).toEqual(ids)
    expect(forms.every((form) => form.get('depth') === '0' && form.get('locale') === 'fr' && form.get('pagination') === 'false')).toBe(true)
    expect(listReadBodies({ ids: [], query: '' })).toEqual([])
  })

  it('gives each card its photo, a 404 for a photo the list left out, and the list’s own refusal to every card', () => {
    const docs = [{ id: 3, filename: 'a.jpg' }]
    expect(Object.fromEntries(cardAnswers({ ids: ['3', '4'], status: 200, body: { docs } }))).toEqual({
      3: { status: 200, body: docs[0] },
      4: { status: 404, body: { errors: [{ message: 'Not Found' }] } },
    })
    const refusal = { errors: [{ message: 'You are not allowed to perform this action.' }] }
    expect(Object.fromEntries(cardAnswers({ ids: ['3'], status: 403, body: refusal }))).toEqual({ 3: { status: 403, body: refusal } })
    // A 200 that is not a list is no answer for any card.
    expect(cardAnswers({ ids: ['3'], status: 200, body: { id: 3 } }).get('3')!.status).toBe(502)
  })
})

describe('cards read together through the gathering fetch', () => {
  it('answers 200 cards mounted together with one list read carrying the caller’s headers', async () => {
    const server = standInServer({ readable: Array.from({ length: 200 }, (_, n) => n + 1) })
    const gathered = gatherPhotoCardReads({ fetch: server.send })
    const responses = await Promise.all(Array.from({ length: 200 }, (_, n) => gathered(card(n + 1), { credentials: 'include', headers: { 'Accept-Language': 'en', Authorization: 'JWT t' } })))
    expect(server.sent).toHaveLength(1)
    expect(server.sent[0]).toMatchObject({ url: `${ORIGIN}/api/media`, method: 'POST' })
    expect(server.sent[0].headers.get('x-payload-http-method-override')).toBe('GET')
    expect(server.sent[0].headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(server.sent[0].headers.get('authorization')).toBe('JWT t')
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { id: number }[]
    expect(bodies.map((body) => body.id)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1))
  })

  it('passes every other request through untouched, at once', async () => {
    const server = standInServer({ readable: [] })
    const gathered = gatherPhotoCardReads({ fetch: server.send })
    await gathered(card(5, '?depth=0&cacheBust=1'))
    await gathered(`${ORIGIN}/api/articles/5/editorial-panels`)
    await gathered(new Request(card(5)))
    expect(server.sent.map((sent) => `${sent.method} ${sent.url}`)).toEqual([
      `GET ${card(5, '?depth=0&cacheBust=1')}`,
      `GET ${ORIGIN}/api/articles/5/editorial-panels`,
      // A Request object is passed on as it is (its URL is the stand-in's String() of it).
      `GET [object Request]`,
    ])
  })

  it('keeps reads in different locales or for different callers apart', async () => {
    const server = standInServer({ readable: [1, 2] })
    const gathered = gatherPhotoCardReads({ fetch: server.send })
    await Promise.all([
      gathered(card(1)),
      gathered(card(2, '?depth=0&locale=fr')),
      gathered(card(1), { headers: { 'Accept-Language': 'fr' } }),
      gathered(card(1), { headers: { Authorization: 'JWT writer' } }),
      gathered(card(2), { headers: { Authorization: 'JWT editor' } }),
    ])
    expect(server.sent).toHaveLength(5)
    expect(server.sent.map((sent) => sent.headers.get('authorization'))).toEqual([null, null, null, 'JWT writer', 'JWT editor'])
  })

  it('rejects an aborted card’s read and still answers the others', async () => {
    const server = standInServer({ readable: [1, 2] })
    const gathered = gatherPhotoCardReads({ fetch: server.send })
    const leaving = new AbortController()
    const first = gathered(card(1), { signal: leaving.signal })
    const second = gathered(card(2))
    leaving.abort()
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    expect(((await (await second).json()) as { id: number }).id).toBe(2)
    expect(new URLSearchParams(server.sent[0].body!).get('where[id][in]')).toBe('2')
    const alreadyAborted = new AbortController()
    alreadyAborted.abort()
    await expect(gathered(card(1), { signal: alreadyAborted.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('gives every card the refusal when the list read is refused, and the error when it fails', async () => {
    const refused = standInServer({ readable: [], status: 401 })
    const gathered = gatherPhotoCardReads({ fetch: refused.send })
    const answers = await Promise.all([gathered(card(1)), gathered(card(2))])
    expect(answers.map((answer) => answer.status)).toEqual([401, 401])

    const failing = gatherPhotoCardReads({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    await expect(Promise.all([failing(card(1)), failing(card(2))])).rejects.toThrow('Failed to fetch')
  })
})

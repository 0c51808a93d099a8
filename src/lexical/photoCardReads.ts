// Payload's image card in the story editor (its Lexical upload node) reads its photo with one
// `GET /api/media/:id?depth=0` per card as it mounts: opening a story of 200 images sent 200 requests. These reads are
// gathered here, when they start within a few milliseconds of each other, into Payload's own list read of the same
// collection (`where[id][in]`, sent as a form body with X-Payload-HTTP-Method-Override: GET, as the admin's
// relationship pickers send theirs), and each card gets the answer its own read would have had: the photo, or the
// 404 of a photo the caller may not read. The list read applies the same read access as the read by id, so a caller
// sees exactly the photos they saw before. Pure, apart from the fetch it is given (src/lexical/PhotoCardsInOneRequestClient.tsx
// installs it in the admin).

/** Ids per list read: each a few characters, so a read stays far below the server's limit on a query body (64 KB). */
export const PHOTO_CARDS_PER_REQUEST = 250
/** How long the first card's read waits for the others that mount with it (one render commits them all). */
export const GATHER_MS = 10

/**
 * A photo's id as the database holds it: a positive `integer` (PostgreSQL's 4 bytes). A larger number makes the
 * database refuse the whole list read, and so every card of it; such a read goes alone, answered as before.
 */
const MAX_ROW_ID = 2_147_483_647
const isRowId = (id: string) => /^[1-9]\d{0,9}$/.test(id) && Number(id) <= MAX_ROW_ID

/** One card's read: which photo, and the query its answer depends on (the locale, when the admin sends one). */
export type PhotoCardRead = { id: string; listUrl: string; query: string }

/**
 * The card read a request stands for, or null for every other request: only a GET (no body) of
 * `<origin><apiRoute>/media/<row id>` whose query is `depth=0` and at most a `locale`.
 */
export function photoCardReadOf({ url, method, hasBody, apiRoute = '/api', collection = 'media' }: { url: string; method?: string; hasBody?: boolean; apiRoute?: string; collection?: string }): PhotoCardRead | null {
  if ((method ?? 'GET').toUpperCase() !== 'GET' || hasBody) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  const prefix = `${apiRoute}/${collection}/`
  if (!parsed.pathname.startsWith(prefix)) return null
  const id = parsed.pathname.slice(prefix.length)
  if (!isRowId(id)) return null
  const names = [...parsed.searchParams.keys()]
  if (parsed.searchParams.get('depth') !== '0' || names.some((name) => name !== 'depth' && name !== 'locale') || new Set(names).size !== names.length) return null
  return { id, listUrl: `${parsed.origin}${apiRoute}/${collection}`, query: parsed.search }
}

/** The form bodies of the list reads for `ids` (duplicates asked once), at most PHOTO_CARDS_PER_REQUEST ids each. */
export function listReadBodies({ ids, query }: { ids: string[]; query: string }): string[] {
  const unique = [...new Set(ids)].filter(isRowId)
  const locale = new URLSearchParams(query).get('locale')
  const bodies: string[] = []
  for (let start = 0; start < unique.length; start += PHOTO_CARDS_PER_REQUEST) {
    const chunk = unique.slice(start, start + PHOTO_CARDS_PER_REQUEST)
    const form = new URLSearchParams({ 'where[id][in]': chunk.join(','), depth: '0', limit: String(chunk.length), pagination: 'false' })
    if (locale) form.set('locale', locale)
    bodies.push(form.toString())
  }
  return bodies
}

/** What one card's own read would have answered, from the list read's answer (status and parsed body). */
export type CardAnswer = { status: number; body: unknown }

/** Payload's answer to a read by id of a document the caller cannot read (or that is gone). */
const NOT_FOUND: CardAnswer = { status: 404, body: { errors: [{ message: 'Not Found' }] } }

/** Each id's answer: its document (200), a 404 when the list left it out, or the list's own refusal for every id. */
export function cardAnswers({ ids, status, body }: { ids: string[]; status: number; body: unknown }): Map<string, CardAnswer> {
  const answers = new Map<string, CardAnswer>()
  const docs = status === 200 && typeof body === 'object' && body !== null && Array.isArray((body as { docs?: unknown }).docs) ? ((body as { docs: unknown[] }).docs) : null
  const byId = new Map<string, unknown>()
  for (const doc of docs ?? []) {
    if (typeof doc === 'object' && doc !== null && 'id' in doc) byId.set(String((doc as { id: unknown }).id), doc)
  }
  for (const id of ids) {
    if (!docs) answers.set(id, { status: status === 200 ? 502 : status, body })
    else answers.set(id, byId.has(id) ? { status: 200, body: byId.get(id) } : NOT_FOUND)
  }
  return answers
}

type Waiter = { id: string; resolve: (response: Response) => void; reject: (reason: unknown) => void; signal?: AbortSignal | null }
type Gathering = { read: PhotoCardRead; init?: RequestInit; waiters: Waiter[] }

const abortError = () => new DOMException('The read was aborted.', 'AbortError')
const jsonResponse = ({ status, body }: CardAnswer) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/**
 * A fetch that answers card reads started within GATHER_MS of each other with list reads through `fetch`, and passes
 * every other request to `fetch` untouched.
 */
export function gatherPhotoCardReads({ fetch: send, apiRoute = '/api', gatherMs = GATHER_MS }: { fetch: typeof fetch; apiRoute?: string; gatherMs?: number }): typeof fetch {
  const gatherings = new Map<string, Gathering>()

  const flush = async (gathering: Gathering) => {
    const { read, init } = gathering
    const waiters = gathering.waiters.filter((waiter) => !waiter.signal?.aborted)
    const headers = new Headers(init?.headers)
    headers.set('Content-Type', 'application/x-www-form-urlencoded')
    headers.set('X-Payload-HTTP-Method-Override', 'GET')
    headers.set('Accept', 'application/json')
    const ids = waiters.map((waiter) => waiter.id)
    await Promise.all(
      listReadBodies({ ids, query: read.query }).map(async (body) => {
        const asked = new Set(new URLSearchParams(body).get('where[id][in]')!.split(','))
        const mine = waiters.filter((waiter) => asked.has(waiter.id))
        try {
          const response = await send(read.listUrl, { method: 'POST', credentials: init?.credentials ?? 'include', headers, body })
          const parsed: unknown = await response.json().catch(() => null)
          const answers = cardAnswers({ ids: [...asked], status: response.status, body: parsed })
          for (const waiter of mine) {
            if (waiter.signal?.aborted) waiter.reject(abortError())
            else waiter.resolve(jsonResponse(answers.get(waiter.id)!))
          }
        } catch (error) {
          for (const waiter of mine) waiter.reject(error)
        }
      }),
    )
  }

  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : undefined)
    const hasBody = init?.body !== undefined && init?.body !== null
    const read = typeof input === 'string' || input instanceof URL ? photoCardReadOf({ url, method, hasBody, apiRoute }) : null
    if (!read) return send(input, init)
    const signal = init?.signal
    if (signal?.aborted) return Promise.reject(abortError())
    return new Promise<Response>((resolve, reject) => {
      // Reads go together only when they are alike but for the photo: same query, same headers, same credentials.
      const headers = [...new Headers(init?.headers)].map(([name, value]) => `${name}:${value}`).sort().join('\n')
      const key = `${read.listUrl}${read.query}|${init?.credentials ?? ''}|${headers}`
      let gathering = gatherings.get(key)
      if (!gathering) {
        const started: Gathering = { read, init, waiters: [] }
        gatherings.set(key, started)
        setTimeout(() => {
          gatherings.delete(key)
          void flush(started)
        }, gatherMs)
        gathering = started
      }
      gathering.waiters.push({ id: read.id, resolve, reject, signal })
      signal?.addEventListener('abort', () => reject(abortError()), { once: true })
    })
  }
}

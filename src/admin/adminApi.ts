// Same-origin REST calls from admin components: the session cookie authenticates them.

type ErrorBody = { errors?: { message?: string; data?: { errors?: { message?: string }[] } }[]; message?: string }

/** The sentence a person should read from a Payload error response. */
export function errorMessage(body: unknown, status: number): string {
  const { errors, message } = (body ?? {}) as ErrorBody
  const first = errors?.[0]
  const detailed = first?.data?.errors?.map((error) => error.message).filter(Boolean)
  if (detailed?.length) return detailed.join(' ')
  return first?.message ?? message ?? `The server answered ${status}.`
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    credentials: 'include',
    ...init,
    headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}), ...init?.headers },
  })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) throw new Error(errorMessage(body, response.status))
  return body as T
}

export const getJSON = <T>(url: string) => request<T>(url, { cache: 'no-store' })

export const postJSON = <T>(url: string, data: unknown) => request<T>(url, { method: 'POST', body: JSON.stringify(data) })

export type Paginated<T> = { docs: T[]; totalDocs: number }

type Id = number | string

/** `?where[field][in]=1,2,3` for a Payload REST list. */
export const whereIn = (field: string, ids: Id[]) => `where[${field}][in]=${ids.map((id) => encodeURIComponent(String(id))).join(',')}`

export const adminLink = (collection: string, id: Id) => `/admin/collections/${collection}/${id}`

export const formatDate = (value: string | null | undefined) =>
  value ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : null

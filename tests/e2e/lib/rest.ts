// Plain REST calls for setting up and checking the browser scenarios (no browser involved).
export type Staff = { id: number; name: string; email: string; password: string; role: 'admin' | 'editor' | 'writer'; token: string }

export type Rest = ReturnType<typeof restClient>

export function restClient(baseUrl: string) {
  const call = async <T>({ method = 'GET', path, token, body }: { method?: string; path: string; token?: string; body?: unknown }) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `JWT ${token}` } : {}),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    })
    const json = (await response.json().catch(() => null)) as T
    return { status: response.status, json }
  }

  const login = async ({ email, password }: { email: string; password: string }) => {
    const { status, json } = await call<{ token?: string }>({ method: 'POST', path: '/api/users/login', body: { email, password } })
    if (status !== 200 || !json.token) throw new Error(`Signing in as ${email} failed (${status}).`)
    return json.token
  }

  /** The first account becomes the admin; the admin then creates everyone else. */
  const createStaff = async (people: Omit<Staff, 'id' | 'token'>[]): Promise<Staff[]> => {
    const [first, ...rest] = people
    const created = await call<{ user?: { id: number } }>({
      method: 'POST',
      path: '/api/users/first-register',
      body: { name: first.name, email: first.email, password: first.password },
    })
    if (created.status >= 300) throw new Error(`Creating the first user failed (${created.status}): ${JSON.stringify(created.json)}`)
    const adminToken = await login(first)
    const staff: Staff[] = [{ ...first, id: created.json.user!.id, token: adminToken }]
    for (const person of rest) {
      const { status, json } = await call<{ doc?: { id: number } }>({ method: 'POST', path: '/api/users', token: adminToken, body: person })
      if (status !== 201) throw new Error(`Creating ${person.email} failed (${status}): ${JSON.stringify(json)}`)
      staff.push({ ...person, id: json.doc!.id, token: await login(person) })
    }
    return staff
  }

  return { call, login, createStaff }
}

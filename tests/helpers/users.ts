import type { Payload } from 'payload'

import type { Role } from '../../src/access/roles'

export const TEST_PASSWORD = 'correct-horse-battery-staple'

let counter = 0

export async function createUser(payload: Payload, role: Role, name?: string) {
  counter += 1
  const label = name ?? `${role} ${counter}`
  return payload.create({
    collection: 'users',
    data: {
      name: label,
      email: `${role}-${counter}-${Date.now()}@newsroom.test`,
      password: TEST_PASSWORD,
      role,
    },
    overrideAccess: true,
  })
}

/** Signs in over HTTP and returns the headers that authenticate later requests as that user. */
export async function loginHeaders(baseUrl: string, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  })
  if (!response.ok) throw new Error(`Login failed for ${email}: ${response.status} ${await response.text()}`)
  const { token } = (await response.json()) as { token: string }
  return { authorization: `JWT ${token}`, 'content-type': 'application/json' }
}

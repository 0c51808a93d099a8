import type { Payload } from 'payload'

/** Publishes a story the way the newsroom does, as the system (overrideAccess), for test setup. */
export async function publishStory(payload: Payload, id: number) {
  return payload.update({ collection: 'articles', id, data: { _status: 'published' }, overrideAccess: true })
}

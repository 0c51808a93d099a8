import type { PayloadRequest } from 'payload'

import { staffEndpoint } from '../access/staffEndpoints'

export type Reviewer = { id: number; name: string }

/** Editors and admins, by name: who may be asked to review a story. Writers cannot read roles, so it reads past them. */
export async function reviewersOf(req: PayloadRequest): Promise<Reviewer[]> {
  const { docs } = await req.payload.find({
    collection: 'users',
    where: { role: { in: ['editor', 'admin'] } },
    select: { name: true },
    sort: 'name',
    limit: 200,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs.map((reviewer) => ({ id: reviewer.id, name: reviewer.name ?? `User ${reviewer.id}` }))
}

/**
 * GET /api/workflow/reviewers: who may be asked to review a story (editors and admins), by name, for the
 * workflow panel's submit form.
 */
export const reviewersEndpoint = staffEndpoint({
  path: '/workflow/reviewers',
  method: 'get',
  refusals: { signIn: 'Sign in to choose a reviewer.', notStaff: 'Only newsroom staff choose reviewers.' },
  handler: async ({ req }) => {
    return Response.json({ reviewers: await reviewersOf(req) }, { headers: { 'Cache-Control': 'private, no-store' } })
  },
})

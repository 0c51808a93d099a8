import type { Endpoint } from 'payload'

import { hasRole } from '../access/roles'

/**
 * GET /api/workflow/reviewers: who may be asked to review a story (editors and admins), by name, for the
 * workflow panel's submit form. Writers cannot read roles, so the list comes from here.
 */
export const reviewersEndpoint: Endpoint = {
  path: '/workflow/reviewers',
  method: 'get',
  handler: async (req) => {
    const { user, payload } = req
    if (!user) return Response.json({ errors: [{ message: 'Sign in to choose a reviewer.' }] }, { status: 401 })
    if (!hasRole(user, 'admin', 'editor', 'writer')) {
      return Response.json({ errors: [{ message: 'Only newsroom staff choose reviewers.' }] }, { status: 403 })
    }
    const { docs } = await payload.find({
      collection: 'users',
      where: { role: { in: ['editor', 'admin'] } },
      select: { name: true },
      sort: 'name',
      limit: 200,
      depth: 0,
      overrideAccess: true,
      req,
    })
    return Response.json(
      { reviewers: docs.map((reviewer) => ({ id: reviewer.id, name: reviewer.name ?? `User ${reviewer.id}` })) },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
}

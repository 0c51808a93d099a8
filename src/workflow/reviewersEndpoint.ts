import { staffEndpoint } from '../access/staffEndpoints'

/**
 * GET /api/workflow/reviewers: who may be asked to review a story (editors and admins), by name, for the
 * workflow panel's submit form. Writers cannot read roles, so the list comes from here.
 */
export const reviewersEndpoint = staffEndpoint({
  path: '/workflow/reviewers',
  method: 'get',
  refusals: { signIn: 'Sign in to choose a reviewer.', notStaff: 'Only newsroom staff choose reviewers.' },
  handler: async ({ req }) => {
    const { payload } = req
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
})

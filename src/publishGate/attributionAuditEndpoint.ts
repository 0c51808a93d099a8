import type { Endpoint } from 'payload'

import { hasRole } from '../access/roles'
import { runAttributionAudit } from './audit'

/** GET /api/attribution-audit: editors' view of every live story that breaks the rule, and expiring licences. */
export const attributionAuditEndpoint: Endpoint = {
  path: '/attribution-audit',
  method: 'get',
  handler: async (req) => {
    if (!hasRole(req.user, 'editor', 'admin')) {
      return Response.json({ errors: [{ message: 'Only editors and admins can run the attribution audit.' }] }, { status: 403 })
    }
    return Response.json(await runAttributionAudit(req))
  },
}

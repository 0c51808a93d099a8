// What a staff-only endpoint answers before doing anything, and how it answers a refusal the workflow raised:
// one place, so every endpoint says 401 to the anonymous, 403 to other callers, and a 4xx the person can read.
import { addDataAndFileToRequest, APIError, type Endpoint, type PayloadRequest, type TypedUser } from 'payload'

import { isStaffUser } from './roles'

/** The staff member calling; else the answer: 401 without a signed-in user, 403 for others (`api` readers). */
function staffCaller(
  user: PayloadRequest['user'],
  { signIn, notStaff }: { signIn: string; notStaff: string },
): { user: TypedUser; refusal?: undefined } | { user?: undefined; refusal: Response } {
  if (!user) return { refusal: Response.json({ errors: [{ message: signIn }] }, { status: 401 }) }
  if (!isStaffUser(user)) return { refusal: Response.json({ errors: [{ message: notStaff }] }, { status: 403 }) }
  return { user }
}

/** Runs `answer`; an APIError below 500 (a refusal with a sentence for people) becomes that status and sentence. */
async function answeringRefusals(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer()
  } catch (error) {
    if (error instanceof APIError && error.status < 500) {
      return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
    }
    throw error
  }
}

/**
 * An endpoint only newsroom staff may call: the caller check, the JSON body (read for every method but GET) and the
 * refusal answers come from here, so an endpoint's handler holds only what it does.
 */
export function staffEndpoint({
  path,
  method,
  refusals,
  handler,
}: {
  path: string
  method: 'get' | 'post' | 'patch' | 'delete'
  /** The sentences for the anonymous (401) and for callers who are not staff (403). */
  refusals: { signIn: string; notStaff: string }
  handler: (call: { req: PayloadRequest; user: TypedUser; id: string }) => Promise<Response>
}): Endpoint {
  return {
    path,
    method,
    handler: async (req) => {
      const { user, refusal } = staffCaller(req.user, refusals)
      if (refusal) return refusal
      if (method !== 'get') await addDataAndFileToRequest(req)
      return answeringRefusals(() => handler({ req, user, id: String(req.routeParams?.id ?? '') }))
    },
  }
}

// What a staff-only endpoint answers before doing anything, and how it answers a refusal the workflow raised:
// one place, so every endpoint says 401 to the anonymous, 403 to other callers, and a 4xx the person can read.
import { APIError, type PayloadRequest, type TypedUser } from 'payload'

import { isStaffUser } from './roles'

/** The staff member calling; else the answer: 401 without a signed-in user, 403 for others (`api` readers). */
export function staffCaller(
  user: PayloadRequest['user'],
  { signIn, notStaff }: { signIn: string; notStaff: string },
): { user: TypedUser; refusal?: undefined } | { user?: undefined; refusal: Response } {
  if (!user) return { refusal: Response.json({ errors: [{ message: signIn }] }, { status: 401 }) }
  if (!isStaffUser(user)) return { refusal: Response.json({ errors: [{ message: notStaff }] }, { status: 403 }) }
  return { user }
}

/** Runs `answer`; an APIError below 500 (a refusal with a sentence for people) becomes that status and sentence. */
export async function answeringRefusals(answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer()
  } catch (error) {
    if (error instanceof APIError && error.status < 500) {
      return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
    }
    throw error
  }
}

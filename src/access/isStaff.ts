import type { PayloadRequest } from 'payload'

import { isStaffUser } from './roles'

/** Signed-in newsroom staff: admins, editors and writers (not machine `api` readers). */
export const isStaff = ({ req: { user } }: { req: PayloadRequest }): boolean => isStaffUser(user)

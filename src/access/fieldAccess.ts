import type { FieldAccess } from 'payload'

import { isStaffUser } from './roles'

/**
 * Staff-only fields (credit notes, the image index, workflow internals): newsroom staff read them; anonymous
 * readers and machine `api` readers (front ends, often someone else's servers) never do.
 */
export const staffField: FieldAccess = ({ req: { user } }) => isStaffUser(user)

/** Fields that only hooks write. */
export const nobody: FieldAccess = () => false

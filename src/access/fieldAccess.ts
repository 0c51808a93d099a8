import type { FieldAccess } from 'payload'

/** Staff-only fields (the image index, workflow internals): never in anonymous output. */
export const authenticatedField: FieldAccess = ({ req: { user } }) => Boolean(user)

/** Fields that only hooks write. */
export const nobody: FieldAccess = () => false

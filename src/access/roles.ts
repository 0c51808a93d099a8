// The staff roles and who counts as what; every access rule reads these.
export const ROLES = ['admin', 'editor', 'writer', 'api'] as const
export type Role = (typeof ROLES)[number]

type MaybeUser = { role?: Role | null; collection?: string } | null | undefined

export const hasRole = (user: MaybeUser, ...roles: Role[]): boolean =>
  Boolean(user && user.role && roles.includes(user.role))

export const isStaffUser = (user: MaybeUser): boolean => hasRole(user, 'admin', 'editor', 'writer')

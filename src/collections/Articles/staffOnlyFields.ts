/** Article fields that exist for the newsroom's own work and never leave it (previews, public output). */
export const STAFF_ONLY_ARTICLE_FIELDS = [
  'images',
  'bodyCallsToAction',
  'mentionedOrganizations',
  'stage',
  'reviewer',
  'dueAt',
  'approvedBy',
  'writers',
  'contentHash',
  'searchText',
] as const

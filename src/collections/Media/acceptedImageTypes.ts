/** Listed one by one: `image/*` would admit SVG, which can carry scripts. */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const

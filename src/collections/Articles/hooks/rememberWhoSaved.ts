import type { CollectionBeforeChangeHook } from 'payload'

/**
 * Who made this save, kept in the row and so in the version it makes: the version history names who made each
 * version (Payload keeps no author for versions). Empty for the server's own saves (scheduled publication, jobs).
 */
export const rememberWhoSaved: CollectionBeforeChangeHook = ({ data, req }) => ({
  ...data,
  savedBy: req.user?.collection === 'users' ? req.user.id : null,
})

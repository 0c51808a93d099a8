// Adds the change announcements (cache invalidation over NOTIFY, story webhooks) to the content collections
// and the site settings, without touching their configs: a plugin so each collection file stays about content.
import type { CollectionConfig, GlobalConfig, Plugin } from 'payload'

import { isCachedCollection } from './documentKeys'
import {
  announceAuthorRename,
  announceDocumentChange,
  announceDocumentDelete,
  announceSiteSettingsChange,
  announceStoryChange,
  announceStoryDelete,
  rememberLiveState,
} from './announceContentChanges'

function withAnnouncements(collection: CollectionConfig): CollectionConfig {
  const hooks = { ...collection.hooks }
  if (collection.slug === 'articles') {
    hooks.beforeChange = [...(hooks.beforeChange ?? []), rememberLiveState]
    hooks.afterChange = [...(hooks.afterChange ?? []), announceStoryChange]
    hooks.afterDelete = [...(hooks.afterDelete ?? []), announceStoryDelete]
  } else if (isCachedCollection(collection.slug)) {
    hooks.afterChange = [...(hooks.afterChange ?? []), announceDocumentChange]
    hooks.afterDelete = [...(hooks.afterDelete ?? []), announceDocumentDelete]
  } else if (collection.slug === 'users') {
    hooks.afterChange = [...(hooks.afterChange ?? []), announceAuthorRename]
  } else {
    return collection
  }
  return { ...collection, hooks }
}

const withGlobalAnnouncements = (global: GlobalConfig): GlobalConfig =>
  global.slug === 'site-settings'
    ? { ...global, hooks: { ...global.hooks, afterChange: [...(global.hooks?.afterChange ?? []), announceSiteSettingsChange] } }
    : global

export const announceContentChanges = (): Plugin => (config) => ({
  ...config,
  collections: (config.collections ?? []).map(withAnnouncements),
  globals: (config.globals ?? []).map(withGlobalAnnouncements),
})

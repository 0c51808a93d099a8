// Each collection's hooks are listed on the collection itself, in the order they run: the composed config adds
// none out of sight (payload.config.ts composes only).
import type { CollectionConfig, GlobalConfig } from 'payload'

import configPromise from '../../payload.config'
import { Articles } from '../../src/collections/Articles'
import { CallsToAction } from '../../src/collections/CallsToAction'
import { Media } from '../../src/collections/Media'
import { Organizations } from '../../src/collections/Organizations'
import { PhotoCredits } from '../../src/collections/PhotoCredits'
import { Users } from '../../src/collections/Users'
import { SiteSettings } from '../../src/globals/SiteSettings'
import {
  announceAuthorRename,
  announceDocumentChange,
  announceDocumentDelete,
  announceSiteSettingsChange,
  announceStoryChange,
  announceStoryDelete,
} from '../../src/cache/announceContentChanges'
import { CACHED_COLLECTIONS } from '../../src/cache/documentKeys'

type Hooks = Record<string, unknown[] | undefined>

const hooksOf = (config: CollectionConfig | GlobalConfig) => (config.hooks ?? {}) as Hooks

describe('hooks are listed on each collection', () => {
  it('runs exactly the hooks each collection and global lists, in its order', async () => {
    const config = await configPromise
    const differences: string[] = []
    const compare = (own: CollectionConfig | GlobalConfig, composed: CollectionConfig | GlobalConfig | undefined) => {
      const listed = hooksOf(own)
      const running = composed ? hooksOf(composed) : {}
      for (const kind of new Set([...Object.keys(listed), ...Object.keys(running)])) {
        const ours = (listed[kind] ?? []) as unknown[]
        const theirs = ((running[kind] ?? []) as unknown[]).filter((hook) => typeof hook === 'function')
        if (ours.length !== theirs.length || ours.some((hook, index) => hook !== theirs[index])) differences.push(`${own.slug}.${kind}`)
      }
    }
    for (const own of [Articles, Media, PhotoCredits, Organizations, CallsToAction, Users]) {
      compare(own, config.collections.find((collection) => collection.slug === own.slug) as CollectionConfig | undefined)
    }
    compare(SiteSettings, config.globals.find((global) => global.slug === SiteSettings.slug) as GlobalConfig | undefined)
    expect(differences).toEqual([])
  })

  it('announces changes of every cached collection, the authors and the site settings, last, on their own configs', () => {
    const last = (hooks: unknown[] | undefined) => hooks?.[hooks.length - 1]
    const byslug: Record<string, CollectionConfig> = { articles: Articles, media: Media, 'photo-credits': PhotoCredits, organizations: Organizations, 'calls-to-action': CallsToAction }
    for (const slug of CACHED_COLLECTIONS) {
      const hooks = hooksOf(byslug[slug])
      const isStory = slug === 'articles'
      expect({ slug, afterChange: last(hooks.afterChange) }).toEqual({ slug, afterChange: isStory ? announceStoryChange : announceDocumentChange })
      expect({ slug, afterDelete: last(hooks.afterDelete) }).toEqual({ slug, afterDelete: isStory ? announceStoryDelete : announceDocumentDelete })
    }
    expect(last(hooksOf(Users).afterChange)).toBe(announceAuthorRename)
    expect(last(hooksOf(SiteSettings).afterChange)).toBe(announceSiteSettingsChange)
  })
})

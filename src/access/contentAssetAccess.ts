import type { CollectionConfig } from 'payload'

import { isEditorOrAdmin } from './isEditorOrAdmin'
import { isStaff } from './isStaff'
import { publicAssetOrAuthenticated } from './publicAssetOrAuthenticated'

/**
 * Media, photo credits, organizations and calls to action: staff create and edit them, editors delete
 * them, and anonymous readers see only those a live story (or the site settings) uses.
 */
export const contentAssetAccess: CollectionConfig['access'] = {
  read: publicAssetOrAuthenticated,
  create: isStaff,
  update: isStaff,
  delete: isEditorOrAdmin,
}

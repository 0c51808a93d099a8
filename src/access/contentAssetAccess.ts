import type { CollectionConfig } from 'payload'

import { isEditorOrAdmin } from './isEditorOrAdmin'
import { isStaff } from './isStaff'
import { publicAssetOrAuthenticated, publicCreditOrAuthenticated, publicPhotoOrAuthenticated } from '../visibility/publicAssetOrAuthenticated'

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

/** Photos: as any asset, and anonymous readers see them only while their credit's licence runs. */
export const photoAccess: CollectionConfig['access'] = { ...contentAssetAccess, read: publicPhotoOrAuthenticated }

/** Photo credits: as any asset, and anonymous readers see them only while their licence runs. */
export const photoCreditAccess: CollectionConfig['access'] = { ...contentAssetAccess, read: publicCreditOrAuthenticated }

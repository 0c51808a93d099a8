import type { TextField } from 'payload'

import { nobody, staffField } from '../access/fieldAccess'
import { SEARCH_TEXT_MAX_CHARACTERS } from './storySearchText'

/**
 * Everything a desk searches a story by, kept up to date by fillSearchText and indexed for full-text search
 * (searchIndex.ts). The admin list's search box queries it (`listSearchableFields`); searchStories turns that into
 * a full-text match. Staff read it; nobody writes it.
 */
export const searchTextField: TextField = {
  name: 'searchText',
  label: 'headline, dek, body and credits',
  type: 'text',
  // fillSearchText cuts the text here; Payload's default of 40,000 characters refused long stories (a 400 on save).
  maxLength: SEARCH_TEXT_MAX_CHARACTERS,
  access: { read: staffField, create: nobody, update: nobody },
  admin: { hidden: true, disableListColumn: true, disableListFilter: true },
}

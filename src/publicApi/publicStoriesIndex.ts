// The count under every public list ("totalDocs" of a front page's list) reads only the index below: the published,
// untrashed stories' ids, a few pages even over an archive of a million, instead of every row of `articles` (wide:
// the body and its search text live there). Part of the schema (drizzle's extra config), so pushed databases and
// generated migrations both have it.
import { addPartialIndex } from '../db/schemaAdditions'

/** What anonymous callers may read (the rule "published or signed in", src/access/rules.ts), minus the trash. */
export const PUBLICLY_VISIBLE = `_status = 'published' and deleted_at is null`

/** afterSchemaInit: a partial index of the public stories' ids, so counting them is an index-only scan. */
export const addPublicStoriesIndex = addPartialIndex({
  name: 'articles_public_stories_idx',
  table: 'articles',
  column: 'id',
  where: PUBLICLY_VISIBLE,
})

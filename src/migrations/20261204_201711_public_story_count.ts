// Written by hand (drizzle cannot declare triggers): the triggers that keep the public stories' count
// (src/publicApi/publicStoryCount.ts). `npm run migrate:regenerate` keeps it, renamed to sort after the new initial one.
import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

import { INSTALL_PUBLIC_STORY_COUNT, REMOVE_PUBLIC_STORY_COUNT_TRIGGERS } from '../publicApi/publicStoryCount'

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(INSTALL_PUBLIC_STORY_COUNT))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(REMOVE_PUBLIC_STORY_COUNT_TRIGGERS))
}

// The triggers that keep the attribution audit's findings up to date (./auditFindings.ts), whoever changes the
// rows: the application, an import, or SQL typed by hand. They only MARK the photos whose facts changed; the
// request (or the nightly audit job) then judges just those with the publish gate's own JavaScript rule, so "real"
// text (invisible characters, a credit naming no one) is decided by one rule, never a SQL copy of it.
// Hand-written SQL the schema cannot declare (src/db/handWrittenSchema.ts): the initial migration runs it, and
// pushed databases (dev, tests) get it on start.
import { dropFunctionsStatements, installTriggersStatements, type Trigger } from '../db/triggerStatements'
import { RECHECK_TABLE } from './auditFindings'

/** Whether this database already has the triggers (a first install marks every photo for one full recheck). */
const FIRST_TRIGGER = 'attribution_audit_media_added'

const FUNCTIONS = [
  'attribution_audit_mark(integer[])',
  'attribution_audit_mark_credits(integer[])',
  'attribution_audit_media_changed()',
  'attribution_audit_credit_changed()',
  'attribution_audit_credit_parts_changed()',
  'attribution_audit_organization_changed()',
  'attribution_audit_story_image_added()',
  'attribution_audit_every_credited_photo()',
]

/** Trigger functions that mark the photos of the row before and after the change (by `column` of the row). */
const MARKING_FUNCTIONS = [
  { name: 'attribution_audit_media_changed', mark: 'attribution_audit_mark', column: 'id' },
  { name: 'attribution_audit_credit_changed', mark: 'attribution_audit_mark_credits', column: 'id' },
  { name: 'attribution_audit_credit_parts_changed', mark: 'attribution_audit_mark_credits', column: 'parent_id' },
]

const markingOldAndNew = ({ name, mark, column }: (typeof MARKING_FUNCTIONS)[number]) => `
create or replace function ${name}() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then perform ${mark}(array[old.${column}]); end if;
  if tg_op <> 'DELETE' then perform ${mark}(array[new.${column}]); end if;
  return null;
end $$;`.trim()

const anyChanged = (columns: string[]) => columns.map((column) => `old.${column} is distinct from new.${column}`).join(' or ')

/** A row added or removed, and a row whose listed columns changed: both run `execute`. */
const addedOrEdited = (table: string, names: { added: string; edited: string }, columns: string[], execute: string): Trigger[] => [
  { name: names.added, table, after: ['insert', 'delete'], execute },
  { name: names.edited, table, after: ['update'], when: anyChanged(columns), execute },
]

/** Emptying the table re-judges every credited photo (attribution_audit_every_credited_photo, below). */
const emptied = (name: string, table: string): Trigger => ({
  name,
  table,
  after: ['truncate'],
  forEach: 'statement',
  execute: 'attribution_audit_every_credited_photo',
})

const ATTRIBUTION_AUDIT_TRIGGERS: Trigger[] = [
  ...addedOrEdited(
    'media',
    { added: FIRST_TRIGGER, edited: 'attribution_audit_media_edited' },
    ['id', 'alt', 'filename', 'credit_id'],
    'attribution_audit_media_changed',
  ),
  ...addedOrEdited(
    'photo_credits',
    { added: 'attribution_audit_credit_added', edited: 'attribution_audit_credit_edited' },
    ['id', 'photographer', 'pool', 'courtesy_of_id'],
    'attribution_audit_credit_changed',
  ),
  {
    name: 'attribution_audit_credit_parts_changed',
    table: 'photo_credits_rels',
    after: ['insert', 'update', 'delete'],
    execute: 'attribution_audit_credit_parts_changed',
  },
  ...addedOrEdited(
    'organizations',
    { added: 'attribution_audit_organization_added', edited: 'attribution_audit_organization_renamed' },
    ['id', 'name'],
    'attribution_audit_organization_changed',
  ),
  {
    name: 'attribution_audit_story_image_added',
    table: 'articles_rels',
    after: ['insert', 'update of media_id'],
    execute: 'attribution_audit_story_image_added',
  },
  emptied('attribution_audit_credit_parts_emptied', 'photo_credits_rels'),
  emptied('attribution_audit_organizations_emptied', 'organizations'),
]

/** Idempotent: running it again replaces the functions and triggers and keeps the findings. */
export const ATTRIBUTION_AUDIT_SQL = `
-- One install at a time (several processes starting on one dev database); the statements run as one transaction.
select pg_advisory_xact_lock(hashtext('attribution audit triggers'));
do $install$ begin
  -- Installed on a database that already has photos (or stories pointing at missing ones): judge them all once.
  if not exists (select 1 from pg_trigger where tgname = '${FIRST_TRIGGER}') then
    insert into ${RECHECK_TABLE} (media_id, mark)
      select id, txid_current() from media
      union select r.media_id, txid_current() from articles_rels r
        where r.media_id is not null and not exists (select 1 from media m where m.id = r.media_id)
    on conflict (media_id) do nothing;
  end if;
end $install$;

create or replace function attribution_audit_mark(ids integer[]) returns void language sql as $$
  insert into ${RECHECK_TABLE} (media_id, mark)
  select distinct id, txid_current() from unnest(ids) as id where id is not null
  on conflict (media_id) do update set mark = excluded.mark
$$;

create or replace function attribution_audit_mark_credits(credit_ids integer[]) returns void language sql as $$
  select attribution_audit_mark(array(select m.id from media m where m.credit_id = any(credit_ids)))
$$;

${MARKING_FUNCTIONS.map(markingOldAndNew).join('\n\n')}

create or replace function attribution_audit_organization_changed() returns trigger language plpgsql as $$
declare
  organization_ids integer[] := array[]::integer[];
begin
  if tg_op <> 'INSERT' then organization_ids := organization_ids || old.id; end if;
  if tg_op <> 'DELETE' then organization_ids := organization_ids || new.id; end if;
  perform attribution_audit_mark_credits(array(
    select c.id from photo_credits c where c.courtesy_of_id = any(organization_ids)
    union select r.parent_id from photo_credits_rels r where r.organizations_id = any(organization_ids)));
  return null;
end $$;

-- A story pointing at a photo that does not exist (only possible with the foreign keys switched off).
create or replace function attribution_audit_story_image_added() returns trigger language plpgsql as $$
begin
  if new.media_id is not null and not exists (select 1 from media m where m.id = new.media_id) then
    perform attribution_audit_mark(array[new.media_id]);
  end if;
  return null;
end $$;

-- TRUNCATE fires no row trigger: emptying the credits' agencies (or the organizations) re-judges every credited
-- photo, once (a truncate is rare; the tables it cascades to fire their own).
create or replace function attribution_audit_every_credited_photo() returns trigger language plpgsql as $$
begin
  perform attribution_audit_mark(array(select m.id from media m where m.credit_id is not null));
  return null;
end $$;

-- The triggers also fire while foreign keys and ordinary triggers are off for a load (session_replication_role =
-- replica): that is exactly when rows the application never wrote arrive.
${installTriggersStatements(ATTRIBUTION_AUDIT_TRIGGERS, { alsoDuringLoads: true })}
`

/** The migration's down: the functions and, with them, their triggers. */
export const DROP_ATTRIBUTION_AUDIT_SQL = dropFunctionsStatements(FUNCTIONS, { cascade: true })

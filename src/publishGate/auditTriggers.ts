// The triggers that keep the attribution audit's findings up to date (./auditFindings.ts), whoever changes the
// rows: the application, an import, or SQL typed by hand. They only MARK the photos whose facts changed; the
// request (or the nightly audit job) then judges just those with the publish gate's own JavaScript rule, so "real"
// text (invisible characters, a credit naming no one) is decided by one rule, never a SQL copy of it.
// Hand-written SQL the schema cannot declare (src/db/handWrittenSchema.ts): the initial migration runs it, and
// pushed databases (dev, tests) get it on start.
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

create or replace function attribution_audit_media_changed() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then perform attribution_audit_mark(array[old.id]); end if;
  if tg_op <> 'DELETE' then perform attribution_audit_mark(array[new.id]); end if;
  return null;
end $$;

create or replace function attribution_audit_credit_changed() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then perform attribution_audit_mark_credits(array[old.id]); end if;
  if tg_op <> 'DELETE' then perform attribution_audit_mark_credits(array[new.id]); end if;
  return null;
end $$;

create or replace function attribution_audit_credit_parts_changed() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then perform attribution_audit_mark_credits(array[old.parent_id]); end if;
  if tg_op <> 'DELETE' then perform attribution_audit_mark_credits(array[new.parent_id]); end if;
  return null;
end $$;

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

drop trigger if exists ${FIRST_TRIGGER} on media;
create trigger ${FIRST_TRIGGER} after insert or delete on media
  for each row execute function attribution_audit_media_changed();
drop trigger if exists attribution_audit_media_edited on media;
create trigger attribution_audit_media_edited after update on media for each row
  when (old.id is distinct from new.id or old.alt is distinct from new.alt or old.filename is distinct from new.filename
        or old.credit_id is distinct from new.credit_id)
  execute function attribution_audit_media_changed();

drop trigger if exists attribution_audit_credit_added on photo_credits;
create trigger attribution_audit_credit_added after insert or delete on photo_credits
  for each row execute function attribution_audit_credit_changed();
drop trigger if exists attribution_audit_credit_edited on photo_credits;
create trigger attribution_audit_credit_edited after update on photo_credits for each row
  when (old.id is distinct from new.id or old.photographer is distinct from new.photographer or old.pool is distinct from new.pool
        or old.courtesy_of_id is distinct from new.courtesy_of_id)
  execute function attribution_audit_credit_changed();

drop trigger if exists attribution_audit_credit_parts_changed on photo_credits_rels;
create trigger attribution_audit_credit_parts_changed after insert or update or delete on photo_credits_rels
  for each row execute function attribution_audit_credit_parts_changed();

drop trigger if exists attribution_audit_organization_added on organizations;
create trigger attribution_audit_organization_added after insert or delete on organizations
  for each row execute function attribution_audit_organization_changed();
drop trigger if exists attribution_audit_organization_renamed on organizations;
create trigger attribution_audit_organization_renamed after update on organizations for each row
  when (old.id is distinct from new.id or old.name is distinct from new.name)
  execute function attribution_audit_organization_changed();

drop trigger if exists attribution_audit_story_image_added on articles_rels;
create trigger attribution_audit_story_image_added after insert or update of media_id on articles_rels
  for each row execute function attribution_audit_story_image_added();

drop trigger if exists attribution_audit_credit_parts_emptied on photo_credits_rels;
create trigger attribution_audit_credit_parts_emptied after truncate on photo_credits_rels
  for each statement execute function attribution_audit_every_credited_photo();
drop trigger if exists attribution_audit_organizations_emptied on organizations;
create trigger attribution_audit_organizations_emptied after truncate on organizations
  for each statement execute function attribution_audit_every_credited_photo();

-- Also while foreign keys and ordinary triggers are off for a load (session_replication_role = replica): that is
-- exactly when rows the application never wrote arrive.
alter table media enable always trigger ${FIRST_TRIGGER};
alter table media enable always trigger attribution_audit_media_edited;
alter table photo_credits enable always trigger attribution_audit_credit_added;
alter table photo_credits enable always trigger attribution_audit_credit_edited;
alter table photo_credits_rels enable always trigger attribution_audit_credit_parts_changed;
alter table organizations enable always trigger attribution_audit_organization_added;
alter table organizations enable always trigger attribution_audit_organization_renamed;
alter table articles_rels enable always trigger attribution_audit_story_image_added;
alter table photo_credits_rels enable always trigger attribution_audit_credit_parts_emptied;
alter table organizations enable always trigger attribution_audit_organizations_emptied;
`

/** The migration's down: the functions and, with them, their triggers. */
export const DROP_ATTRIBUTION_AUDIT_SQL = FUNCTIONS.map((fn) => `drop function if exists ${fn} cascade;`).join('\n')

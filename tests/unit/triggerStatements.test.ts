// The statements the hand-written schema writes for its triggers, from one list per feature: each install replaces
// what it creates, and each undo removes exactly what its install created.
import {
  createTriggerStatement,
  dropFunctionsStatements,
  installTriggersStatements,
  oncePerStatementWithItsRows,
  removeTriggersStatements,
  type Trigger,
} from '../../src/db/triggerStatements'
import { ATTRIBUTION_AUDIT_SQL, DROP_ATTRIBUTION_AUDIT_SQL } from '../../src/publishGate/auditTriggers'
import { INSTALL_PUBLIC_STORY_COUNT, REMOVE_PUBLIC_STORY_COUNT_TRIGGERS } from '../../src/publicApi/publicStoryCount'
import { DROP_STORY_SEARCH_TRIGGERS_SQL, STORY_SEARCH_TRIGGERS_SQL } from '../../src/search/searchIndex'

const edited: Trigger = { name: 'photo_edited', table: 'media', after: ['update'], when: 'old.alt is distinct from new.alt', execute: 'photo_changed' }
const transitionTables = { oldRows: 'old_rows', newRows: 'new_rows' }
const followed: Trigger = { name: 'story_followed', table: 'articles', after: ['update'], forEach: 'statement', ...transitionTables, execute: 'story_follow' }

describe('a trigger written from its declaration', () => {
  it('fires after every listed change, for each row unless told otherwise, under its condition', () => {
    expect(createTriggerStatement(edited)).toBe(
      'create trigger photo_edited after update on media for each row when (old.alt is distinct from new.alt) execute function photo_changed();',
    )
    expect(createTriggerStatement({ ...edited, after: ['insert', 'update of media_id', 'delete'], when: undefined })).toBe(
      'create trigger photo_edited after insert or update of media_id or delete on media for each row execute function photo_changed();',
    )
  })

  it('names the transition tables of a statement-level trigger, old before new, and only those it is given', () => {
    expect(createTriggerStatement(followed)).toBe(
      'create trigger story_followed after update on articles referencing old table as old_rows new table as new_rows for each statement execute function story_follow();',
    )
    expect(createTriggerStatement({ ...followed, after: ['insert'], oldRows: undefined })).toBe(
      'create trigger story_followed after insert on articles referencing new table as new_rows for each statement execute function story_follow();',
    )
  })

  it('reads, once per statement, exactly the transition tables its one kind of change has', () => {
    const each = (change: 'insert' | 'update' | 'delete') => createTriggerStatement(oncePerStatementWithItsRows({ name: 'noted', table: 'articles', change, execute: 'note' }))
    expect(each('insert')).toBe('create trigger noted after insert on articles referencing new table as new_rows for each statement execute function note();')
    expect(each('update')).toBe(
      'create trigger noted after update on articles referencing old table as old_rows new table as new_rows for each statement execute function note();',
    )
    expect(each('delete')).toBe('create trigger noted after delete on articles referencing old table as old_rows for each statement execute function note();')
  })

  it('waits for the commit as a deferred constraint trigger, in the order PostgreSQL requires', () => {
    expect(createTriggerStatement({ ...edited, isDeferredToCommit: true })).toBe(
      'create constraint trigger photo_edited after update on media deferrable initially deferred for each row' +
        ' when (old.alt is distinct from new.alt) execute function photo_changed();',
    )
  })
})

describe('installing and removing a list of triggers', () => {
  it('drops each trigger before creating it again, so the install can run twice', () => {
    expect(installTriggersStatements([edited, followed]).split('\n')).toEqual([
      'drop trigger if exists photo_edited on media;',
      createTriggerStatement(edited),
      'drop trigger if exists story_followed on articles;',
      createTriggerStatement(followed),
    ])
  })

  it('lets the triggers fire during loads only when asked to', () => {
    expect(installTriggersStatements([edited])).not.toContain('enable always')
    expect(installTriggersStatements([edited, followed], { alsoDuringLoads: true }).split('\n').slice(4)).toEqual([
      'alter table media enable always trigger photo_edited;',
      'alter table articles enable always trigger story_followed;',
    ])
  })

  it('removes the triggers, then each function they run once', () => {
    expect(removeTriggersStatements([edited, { ...edited, name: 'photo_added', after: ['insert'] }, followed]).split('\n')).toEqual([
      'drop trigger if exists photo_edited on media;',
      'drop trigger if exists photo_added on media;',
      'drop trigger if exists story_followed on articles;',
      'drop function if exists photo_changed();',
      'drop function if exists story_follow();',
    ])
    expect(dropFunctionsStatements(['mark(integer[])'], { cascade: true })).toBe('drop function if exists mark(integer[]) cascade;')
  })
})

/** The triggers an install creates, as `name on table`, and the functions they run. */
function created(install: string) {
  const triggers = [...install.matchAll(/create (?:constraint )?trigger (\w+) after [\w ]+? on (\w+)[^;]* execute function (\w+)\(\)/g)]
  return { triggers: triggers.map(([, name, table]) => `${name} on ${table}`), functions: triggers.map(([, , , fn]) => fn) }
}

describe("the features' hand-written triggers", () => {
  it.each([
    ['story search', STORY_SEARCH_TRIGGERS_SQL, DROP_STORY_SEARCH_TRIGGERS_SQL, 5],
    ["public stories' count", INSTALL_PUBLIC_STORY_COUNT, REMOVE_PUBLIC_STORY_COUNT_TRIGGERS, 5],
  ])('%s: the undo drops every trigger the install creates, and their functions', (_, install, undo, count) => {
    const { triggers, functions } = created(install)
    expect(triggers).toHaveLength(count)
    for (const trigger of triggers) expect(install).toContain(`drop trigger if exists ${trigger};`)
    for (const trigger of triggers) expect(undo).toContain(`drop trigger if exists ${trigger};`)
    for (const fn of functions) expect(undo).toContain(`drop function if exists ${fn}();`)
  })

  it('attribution audit: every trigger fires during loads, and the undo drops every function they run (with them)', () => {
    const { triggers, functions } = created(ATTRIBUTION_AUDIT_SQL)
    expect(triggers).toHaveLength(10)
    for (const trigger of triggers) {
      const [name, table] = trigger.split(' on ')
      expect(ATTRIBUTION_AUDIT_SQL).toContain(`alter table ${table} enable always trigger ${name};`)
    }
    for (const fn of functions) expect(DROP_ATTRIBUTION_AUDIT_SQL).toContain(`drop function if exists ${fn}() cascade;`)
  })
})

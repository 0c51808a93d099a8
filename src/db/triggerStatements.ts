// The statements the hand-written schema (./handWrittenSchema.ts) repeats for every trigger: each feature declares
// its triggers once, as data, and its install and its undo are written from that one list, so the two cannot name
// different triggers. What a trigger's function does is the feature's own SQL and stays in its folder.

/** When a trigger fires; several are joined with `or` (`['insert', 'delete']` is `after insert or delete`). */
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate' | `update of ${string}`

export type Trigger = {
  name: string
  table: string
  after: TriggerEvent[]
  /** The function it runs, by name, called with no arguments. */
  execute: string
  /** Once per row (the default), or once per statement (the only choice for a truncate). */
  forEach?: 'row' | 'statement'
  /** A statement-level trigger's transition tables, by the names its function reads them as. */
  oldRows?: string
  newRows?: string
  /** The condition on `old` and `new` under which a row trigger fires, without its parentheses. */
  when?: string
  /** A constraint trigger that waits for the commit: a rolled-back change never fires it. */
  isDeferredToCommit?: boolean
}

/** A change to rows, each with the transition tables PostgreSQL has for it (old_rows, new_rows, or both). */
export type RowChange = 'insert' | 'update' | 'delete'

const TRANSITION_TABLES: Record<RowChange, Pick<Trigger, 'oldRows' | 'newRows'>> = {
  insert: { newRows: 'new_rows' },
  update: { oldRows: 'old_rows', newRows: 'new_rows' },
  delete: { oldRows: 'old_rows' },
}

/**
 * A statement-level trigger on one kind of change that reads the changed rows as `old_rows` / `new_rows` (one trigger
 * per change: PostgreSQL allows transition tables only on a trigger for one event). A statement over a million rows
 * runs it once.
 */
export const oncePerStatementWithItsRows = ({ name, table, change, execute }: { name: string; table: string; change: RowChange; execute: string }): Trigger => ({
  name,
  table,
  after: [change],
  forEach: 'statement',
  ...TRANSITION_TABLES[change],
  execute,
})

const dropTrigger = ({ name, table }: Trigger) => `drop trigger if exists ${name} on ${table};`

const transitionTables = ({ oldRows, newRows }: Trigger) =>
  [oldRows && ` old table as ${oldRows}`, newRows && ` new table as ${newRows}`].filter(Boolean).join('')

/** The `create trigger` statement, as PostgreSQL's grammar orders its clauses. */
export function createTriggerStatement(trigger: Trigger): string {
  const { name, table, after, execute, forEach = 'row', when, isDeferredToCommit } = trigger
  const referencing = transitionTables(trigger)
  return [
    `create ${isDeferredToCommit ? 'constraint ' : ''}trigger ${name} after ${after.join(' or ')} on ${table}`,
    isDeferredToCommit ? ' deferrable initially deferred' : '',
    referencing ? ` referencing${referencing}` : '',
    ` for each ${forEach}`,
    when ? ` when (${when})` : '',
    ` execute function ${execute}();`,
  ].join('')
}

/**
 * Installs the triggers, replacing any of the same name (so it can run again); their functions must exist already.
 * `alsoDuringLoads`: they fire also while ordinary triggers are off for a load (session_replication_role = replica).
 */
export function installTriggersStatements(triggers: Trigger[], { alsoDuringLoads = false } = {}): string {
  const replaced = triggers.map((trigger) => `${dropTrigger(trigger)}\n${createTriggerStatement(trigger)}`)
  const duringLoads = alsoDuringLoads ? triggers.map(({ name, table }) => `alter table ${table} enable always trigger ${name};`) : []
  return [...replaced, ...duringLoads].join('\n')
}

/** Drops the named functions; `cascade` drops the triggers that run them too. Signatures as `name(argument types)`. */
export const dropFunctionsStatements = (signatures: string[], { cascade = false } = {}): string =>
  signatures.map((signature) => `drop function if exists ${signature}${cascade ? ' cascade' : ''};`).join('\n')

/** Undoes installTriggersStatements and the functions the triggers run (those take no arguments). */
export function removeTriggersStatements(triggers: Trigger[]): string {
  const functions = [...new Set(triggers.map((trigger) => `${trigger.execute}()`))]
  return [...triggers.map(dropTrigger), dropFunctionsStatements(functions)].join('\n')
}

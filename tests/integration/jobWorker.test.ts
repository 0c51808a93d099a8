// `npm run worker` as a user runs it (the compiled dist/scripts/worker.js), several at once on one database:
// each scheduled publication runs exactly once, a worker killed mid-job leaves its job to another worker, and
// SIGTERM lets the job in hand finish. What happened is counted from the stories' stage log and versions.
import pg from 'pg'

import { type CompiledProcess, ensureCompiled, startCompiled } from '../helpers/compiledProcess'
import { eventually } from '../helpers/eventually'
import { approveStory, deskEditor } from '../helpers/stories'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()
const started: CompiledProcess[] = []

beforeAll(async () => {
  await ensureCompiled()
}, 120_000)

afterEach(async () => {
  for (const worker of started.splice(0)) {
    worker.kill('SIGKILL')
    await worker.exited
  }
})

async function startWorker(): Promise<CompiledProcess> {
  const worker = startCompiled('scripts/worker.js', {
    DATABASE_URL: ctx.databaseUrl,
    MEDIA_DIR: ctx.mediaDir,
    JOBS_POLL_SECONDS: '0.1',
    JOBS_CONCURRENCY: '5',
  })
  started.push(worker)
  await worker.waitForOutput(/Running jobs every/)
  return worker
}

async function approvedStories(count: number): Promise<number[]> {
  const ids: number[] = []
  for (let index = 0; index < count; index += 1) {
    const story = await ctx.payload.create({ collection: 'articles', data: { title: `Scheduled story ${index} ${Date.now()}` }, draft: true, overrideAccess: true })
    await approveStory(ctx.payload, story.id)
    ids.push(story.id)
  }
  return ids
}

async function schedulePublication(storyId: number, waitUntil: Date) {
  const editor = await deskEditor(ctx.payload)
  return ctx.payload.jobs.queue({
    task: 'schedulePublish',
    waitUntil,
    input: { type: 'publish', doc: { relationTo: 'articles', value: storyId }, user: { relationTo: 'users', value: editor.id } },
  })
}

const query = async <Row extends object>(sql: string, values: unknown[] = []): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: ctx.databaseUrl })
  await client.connect()
  try {
    return (await client.query(sql, values)).rows as Row[]
  } finally {
    await client.end()
  }
}

/** Per story: how often it went to `published` in its stage log, and how many published versions it has. */
async function publicationsOf(ids: number[]) {
  const transitions = await query<{ article: number; n: number }>(
    `select article_id as article, count(*)::int as n from article_transitions where "to" = 'published' and article_id = any($1::int[]) group by article_id`,
    [ids],
  )
  const versions = await query<{ article: number; n: number }>(
    `select parent_id as article, count(*)::int as n from _articles_v where version__status = 'published' and parent_id = any($1::int[]) group by parent_id`,
    [ids],
  )
  const count = (rows: { article: number; n: number }[], id: number) => rows.find((row) => row.article === id)?.n ?? 0
  return ids.map((id) => ({ id, transitions: count(transitions, id), versions: count(versions, id) }))
}

const pendingPublications = () =>
  query<{ id: number; processing: boolean; has_error: boolean }>(`select id, processing, has_error from payload_jobs where task_slug = 'schedulePublish'`)

/** Holds the story's row, so that a publication of it waits halfway (inside the job) until released. */
async function holdStory(id: number) {
  const client = new pg.Client({ connectionString: ctx.databaseUrl })
  await client.connect()
  await client.query('begin')
  await client.query('select id from articles where id = $1 for update', [id])
  return {
    /** Resolves once some session of the database waits for a lock (the job, at the held row). */
    isWaitedOn: () =>
      eventually(async () => {
        // Inside a transaction PostgreSQL keeps the first view of the activity statistics unless told to drop it.
        await client.query('select pg_stat_clear_snapshot()')
        const { rows } = await client.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)
        return rows[0].n > 0
      }, 30_000).catch(async () => {
        const { rows } = await client.query(`select id, task_slug, processing, has_error, error, wait_until, completed_at from payload_jobs`)
        const { rows: sessions } = await client.query(
          `select application_name, state, wait_event_type, wait_event, left(query, 200) as query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        )
        throw new Error(`No job waited for story ${id}. Jobs: ${JSON.stringify(rows)} Sessions: ${JSON.stringify(sessions, null, 1)}`)
      }),
    release: async () => {
      await client.query('rollback')
      await client.end()
    },
  }
}

describe('npm run worker', () => {
  it('publishes each of 50 stories scheduled for the same moment exactly once while two workers run', async () => {
    const ids = await approvedStories(50)
    await Promise.all([startWorker(), startWorker()])
    // Due a moment from now, so both workers are polling when all 50 fall due together.
    const dueAt = new Date(Date.now() + 1500)
    await Promise.all(ids.map((id) => schedulePublication(id, dueAt)))

    await eventually(async () => (await pendingPublications()).length === 0, 90_000)
    const publications = await publicationsOf(ids)
    expect(publications.filter((story) => story.transitions !== 1 || story.versions !== 1)).toEqual([])
    const stories = await ctx.payload.find({ collection: 'articles', where: { id: { in: ids } }, limit: 100, depth: 0, overrideAccess: true })
    expect(stories.docs.map((story) => story._status)).toEqual(ids.map(() => 'published'))
  }, 180_000)

  it('puts back the job of a worker killed mid-run (SIGKILL); another worker publishes the story once', async () => {
    const [id] = await approvedStories(1)
    const held = await holdStory(id)
    const doomed = await startWorker()
    await schedulePublication(id, new Date())
    try {
      await held.isWaitedOn()
      doomed.kill('SIGKILL')
      await doomed.exited
    } finally {
      await held.release()
    }
    // Payload leaves the killed run marked as processing; on its own it would never run again.
    expect(await pendingPublications()).toEqual([expect.objectContaining({ processing: true, has_error: false })])

    const survivor = await startWorker()
    await eventually(async () => (await pendingPublications()).length === 0, 60_000)
    expect(await publicationsOf([id])).toEqual([{ id, transitions: 1, versions: 1 }])
    expect(survivor.output()).toMatch(/Put back 1 job\(s\) whose worker stopped mid-run/)
  }, 120_000)

  it('finishes the job in hand on SIGTERM, takes no new job, and exits 0', async () => {
    const [inHand, next] = await approvedStories(2)
    const held = await holdStory(inHand)
    const worker = await startWorker()
    await schedulePublication(inHand, new Date())
    let exitCode: number | null | undefined
    try {
      await held.isWaitedOn()
      worker.kill('SIGTERM')
      await worker.waitForOutput(/SIGTERM received: finishing 1 job\(s\) in hand/)
      await schedulePublication(next, new Date())
    } finally {
      await held.release()
      // Unless the SIGTERM was sent, the worker would keep running: the failure is reported, not a hang.
      if (worker.child.signalCode === null && !/SIGTERM received/.test(worker.output())) worker.kill('SIGKILL')
      exitCode = await worker.exited
    }
    expect(exitCode).toBe(0)
    expect(await publicationsOf([inHand, next])).toEqual([
      { id: inHand, transitions: 1, versions: 1 },
      { id: next, transitions: 0, versions: 0 },
    ])
    expect(await pendingPublications()).toEqual([expect.objectContaining({ processing: false, has_error: false })])
  }, 120_000)
})

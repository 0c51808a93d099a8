// A process started with JOBS_AUTORUN=false must not touch the job queue on its own: Payload's crons queue
// scheduled tasks (reading the job stats every 5 s) whatever shouldAutoRun answers, so such a process gets none.
// The config is read in a child process: in jest, NODE_ENV=test turns job running off regardless.
import path from 'node:path'

import { runTypeScript } from '../helpers/typeScriptChild'

const root = path.resolve(import.meta.dirname, '../..')

const cronsWith = async (jobsAutoRun: string | undefined): Promise<{ cron: string; queue?: string }[]> => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    NODE_OPTIONS: '',
    DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/never-connected',
    PAYLOAD_SECRET: 'job-crons-test',
  }
  if (jobsAutoRun === undefined) delete env.JOBS_AUTORUN
  else env.JOBS_AUTORUN = jobsAutoRun
  const { stdout } = await runTypeScript('tests/helpers/printJobCrons.ts', { cwd: root, env, timeout: 60_000 })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

describe('job crons', () => {
  it('runs and schedules jobs by default: scheduled publishing, workflow alerts, the photo desk’s file writes and webhooks', async () => {
    expect((await cronsWith(undefined)).map((cron) => cron.queue)).toEqual(['default', 'workflow', 'photo-desk', 'webhooks'])
  })

  it('registers no cron at all with JOBS_AUTORUN=false (the worker that runs jobs also queues them)', async () => {
    expect(await cronsWith('false')).toEqual([])
  })
})

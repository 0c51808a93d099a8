// A process started with JOBS_AUTORUN=false must not touch the job queue on its own: Payload's crons queue
// scheduled tasks (reading the job stats every 5 s) whatever shouldAutoRun answers, so such a process gets none.
// The config is read in a child process: in jest, NODE_ENV=test turns job running off regardless.
import { execFileSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

const cronsWith = (jobsAutoRun: string | undefined): { cron: string; queue?: string }[] => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    NODE_OPTIONS: '',
    DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/never-connected',
    PAYLOAD_SECRET: 'job-crons-test',
  }
  if (jobsAutoRun === undefined) delete env.JOBS_AUTORUN
  else env.JOBS_AUTORUN = jobsAutoRun
  const output = execFileSync(
    process.execPath,
    ['--no-deprecation', '--import', 'tsx', '--input-type=module', '-e', "const { default: config } = await import('./payload.config.ts'); console.log(JSON.stringify((await config).jobs.autoRun))"],
    { cwd: root, env, encoding: 'utf8', timeout: 60_000 },
  )
  return JSON.parse(output.trim().split('\n').at(-1)!)
}

describe('job crons', () => {
  it('runs and schedules jobs by default: scheduled publishing, workflow alerts and webhooks', () => {
    expect(cronsWith(undefined).map((cron) => cron.queue)).toEqual(['default', 'workflow', 'webhooks'])
  })

  it('registers no cron at all with JOBS_AUTORUN=false (the worker that runs jobs also queues them)', () => {
    expect(cronsWith('false')).toEqual([])
  })
})

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { configSettingsFrom, DEFAULT_DEMO_PASSWORD, demoSettingsFrom, emailSettingsFrom, invalidSettings, loadDotEnvFile, missingProductionSettings, publicServerUrl, settingsFrom, type Environment } from '../../src/env'

describe('production settings', () => {
  it('names every setting that production needs and is missing', () => {
    expect(missingProductionSettings({})).toEqual(['PAYLOAD_SECRET', 'DATABASE_URL', 'SERVER_URL'])
    expect(missingProductionSettings({ PAYLOAD_SECRET: 'x', DATABASE_URL: '  ', SERVER_URL: 'https://cms.newsroom.test' })).toEqual(['DATABASE_URL'])
  })

  it('requires SERVER_URL: absolute links may not come from a request’s Host', () => {
    expect(missingProductionSettings({ PAYLOAD_SECRET: 's3cret', DATABASE_URL: 'postgres://db/newsroom', SERVER_URL: ' ' })).toEqual(['SERVER_URL'])
  })

  it('is satisfied when all are set', () => {
    expect(missingProductionSettings({ PAYLOAD_SECRET: 's3cret', DATABASE_URL: 'postgres://db/newsroom', SERVER_URL: 'https://cms.newsroom.test' })).toEqual([])
  })
})

describe('the public address of absolute links', () => {
  it('is SERVER_URL without trailing slashes or spaces', () => {
    expect(publicServerUrl({ SERVER_URL: ' https://cms.newsroom.test// ' })).toBe('https://cms.newsroom.test')
  })

  it('is the local development address when SERVER_URL is empty or unset', () => {
    expect(publicServerUrl({})).toBe('http://localhost:3000')
    expect(publicServerUrl({ SERVER_URL: '', PORT: '4100' })).toBe('http://localhost:4100')
  })
})

describe('outgoing email settings', () => {
  it('sends from newsroom@localhost as "Newsroom CMS" to the log when nothing is set', () => {
    expect(emailSettingsFrom({})).toEqual({ fromAddress: 'newsroom@localhost', fromName: 'Newsroom CMS', smtp: undefined })
  })

  it('uses SMTP only when SMTP_HOST names a server, on port 587 without TLS and without a login by default', () => {
    expect(emailSettingsFrom({ SMTP_HOST: '' }).smtp).toBeUndefined()
    expect(emailSettingsFrom({ SMTP_HOST: 'smtp.newsroom.test' }).smtp).toEqual({ host: 'smtp.newsroom.test', port: 587, isSecure: false, auth: undefined })
  })

  it('takes the sender, port, TLS and login from EMAIL_FROM, EMAIL_FROM_NAME and SMTP_*', () => {
    const email = emailSettingsFrom({
      EMAIL_FROM: 'desk@newsroom.test',
      EMAIL_FROM_NAME: 'The Desk',
      SMTP_HOST: 'smtp.newsroom.test',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'desk',
      SMTP_PASSWORD: 'p4ss',
    })
    expect(email).toEqual({ fromAddress: 'desk@newsroom.test', fromName: 'The Desk', smtp: { host: 'smtp.newsroom.test', port: 465, isSecure: true, auth: { user: 'desk', pass: 'p4ss' } } })
  })

  it('turns TLS on only for SMTP_SECURE=true, and sends no login without SMTP_USER', () => {
    for (const value of ['TRUE', 'yes', '1', ' true', '']) {
      expect(emailSettingsFrom({ SMTP_HOST: 'smtp.newsroom.test', SMTP_SECURE: value }).smtp?.isSecure).toBe(false)
    }
    expect(emailSettingsFrom({ SMTP_HOST: 'smtp.newsroom.test', SMTP_USER: '', SMTP_PASSWORD: 'p4ss' }).smtp?.auth).toBeUndefined()
  })
})

describe('the demo content', () => {
  it('is seeded on start outside production with the default password', () => {
    expect(demoSettingsFrom({ NODE_ENV: 'development' })).toEqual({ isAllowed: true, isSeededOnStart: true, password: DEFAULT_DEMO_PASSWORD })
  })

  it('is never seeded in production, even when SEED_DEMO asks for it', () => {
    expect(demoSettingsFrom({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toMatchObject({ isAllowed: false, isSeededOnStart: false })
  })

  it('is not seeded on start with SEED_DEMO=false, and is with any other value', () => {
    expect(demoSettingsFrom({ SEED_DEMO: 'false' })).toMatchObject({ isAllowed: true, isSeededOnStart: false })
    for (const value of ['no', '0', 'FALSE', '']) expect(demoSettingsFrom({ SEED_DEMO: value }).isSeededOnStart).toBe(true)
  })

  it('uses DEMO_PASSWORD trimmed, and the default when it is blank', () => {
    expect(demoSettingsFrom({ DEMO_PASSWORD: '  a-demo-secret \n' }).password).toBe('a-demo-secret')
    expect(demoSettingsFrom({ DEMO_PASSWORD: ' \t ' }).password).toBe(DEFAULT_DEMO_PASSWORD)
  })
})

describe('settings the Payload config reads when it is evaluated', () => {
  it('pushes the schema, runs jobs, reads from no replica and logs at info by default (warn in tests)', () => {
    expect(configSettingsFrom({})).toEqual({ databaseUrl: undefined, databaseReplicaUrls: [], keptConnections: {}, isSchemaPushAllowed: true, isJobsAutorun: true, logLevel: 'info' })
    expect(configSettingsFrom({ NODE_ENV: 'test' }).logLevel).toBe('warn')
  })

  it('turns the push and the jobs off only for the exact value false', () => {
    expect(configSettingsFrom({ DB_PUSH: 'false', JOBS_AUTORUN: 'false' })).toMatchObject({ isSchemaPushAllowed: false, isJobsAutorun: false })
    for (const value of ['no', '0', 'FALSE', '']) {
      expect(configSettingsFrom({ DB_PUSH: value, JOBS_AUTORUN: value })).toMatchObject({ isSchemaPushAllowed: true, isJobsAutorun: true })
    }
  })

  it('reads DATABASE_URL and LOG_LEVEL as given', () => {
    expect(configSettingsFrom({ DATABASE_URL: 'postgres://db/newsroom', LOG_LEVEL: 'debug', NODE_ENV: 'test' })).toMatchObject({ databaseUrl: 'postgres://db/newsroom', logLevel: 'debug' })
  })
})

describe('the proxies trusted for the client address', () => {
  it('is the loopback proxy unless TRUST_PROXY names others', () => {
    expect(settingsFrom({}).trustProxy).toBe('loopback')
    expect(settingsFrom({ TRUST_PROXY: '10.0.0.0/8, uniquelocal' }).trustProxy).toBe('10.0.0.0/8, uniquelocal')
  })
})

describe('numeric settings with a value that is no number', () => {
  it('are named, with their value and what to set, instead of quietly becoming NaN', () => {
    expect(invalidSettings({ PORT: 'eighty', LOGIN_RATE_LIMIT: '4', SMTP_HOST: 'smtp.newsroom.test', SMTP_PORT: '58 7' })).toEqual([
      'PORT is "eighty", which is not a number: set a number (e.g. PORT=3000) or remove it to use 3000.',
      'SMTP_PORT is "58 7", which is not a number: set a number (e.g. SMTP_PORT=587) or remove it to use 587.',
    ])
  })

  it('lists every one of them at once, whichever setting it is', () => {
    const names = ['PORT', 'EMBEDDED_PG_PORT', 'LOGIN_RATE_LIMIT', 'API_RATE_WINDOW_SECONDS', 'RESPONSE_CACHE_MB', 'WEBHOOK_RETRY_DELAY_MS', 'WRITE_CONCURRENCY', 'UPLOAD_MAX_BYTES', 'JSON_MAX_ARRAY_ITEMS']
    const problems = invalidSettings(Object.fromEntries(names.map((name) => [name, '12abc'])))
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(names)
  })

  it('accept what Number() reads as a number, as before: decimals, exponents, surrounding spaces', () => {
    expect(invalidSettings({ PORT: ' 4100 ', RESPONSE_CACHE_MB: '0.5', UPLOAD_MAX_BYTES: '2e7', LOGIN_RATE_LIMIT: '0x10' })).toEqual([])
    expect(settingsFrom({ PORT: ' 4100 ', RESPONSE_CACHE_MB: '0.5', UPLOAD_MAX_BYTES: '2e7' })).toMatchObject({ port: 4100, responseCacheMegabytes: 0.5, uploadMaxBytes: 2e7 })
  })

  it('leave SMTP_PORT alone when no SMTP_HOST sends mail', () => {
    expect(invalidSettings({ SMTP_PORT: 'submission' })).toEqual([])
  })

  it('find nothing wrong with an empty environment', () => {
    expect(invalidSettings({})).toEqual([])
  })
})

describe('the message about a value that is no number', () => {
  it('quotes at most 40 characters of a huge value', () => {
    const [problem] = invalidSettings({ JSON_MAX_DEPTH: 'x'.repeat(100_000) })
    expect(problem).toBe(`JSON_MAX_DEPTH is "${'x'.repeat(40)}…", which is not a number: set a number (e.g. JSON_MAX_DEPTH=100) or remove it to use 100.`)
  })
})

describe('the .env file', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-'))
  const file = path.join(folder, '.env')
  fs.writeFileSync(file, 'LOG_LEVEL=warn\nPORT=4000\n# a comment\nSERVER_URL="https://cms.newsroom.test"\n')
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

  it('fills the settings the environment does not set, and leaves the ones it sets', () => {
    const env: Environment = { PORT: '3001' }
    expect(loadDotEnvFile({ env, file })).toBe(true)
    expect(env).toEqual({ PORT: '3001', LOG_LEVEL: 'warn', SERVER_URL: 'https://cms.newsroom.test' })
  })

  it('is skipped silently when there is none, and never read in tests', () => {
    const env: Environment = {}
    expect(loadDotEnvFile({ env, file: path.join(folder, 'missing.env') })).toBe(false)
    expect(loadDotEnvFile({ env: { NODE_ENV: 'test' }, file })).toBe(false)
    expect(env).toEqual({})
  })

  it('is not left to Node’s --env-file flags, which print ".env not found" in every process Next starts', () => {
    const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
    expect(Object.entries(scripts).filter(([, command]) => command.includes('--env-file'))).toEqual([])
  })
})

describe('where jobs run (JOBS_RUN_IN)', () => {
  it('runs jobs in the web process unless told to leave them to `npm run worker`', async () => {
    const { jobsRunIn, configSettingsFrom } = await import('../../src/env')
    expect(jobsRunIn({})).toBe('web')
    expect(jobsRunIn({ JOBS_RUN_IN: 'web' })).toBe('web')
    expect(jobsRunIn({ JOBS_RUN_IN: 'worker' })).toBe('worker')
    expect(jobsRunIn({ JOBS_AUTORUN: 'false' })).toBe('worker')
    expect(configSettingsFrom({ JOBS_RUN_IN: 'worker' }).isJobsAutorun).toBe(false)
    expect(configSettingsFrom({}).isJobsAutorun).toBe(true)
  })

  it('refuses to start on a value that is neither web nor worker, saying what to set', async () => {
    const { invalidSettings } = await import('../../src/env')
    expect(invalidSettings({ JOBS_RUN_IN: 'workers' })).toEqual([expect.stringMatching(/JOBS_RUN_IN is "workers": set JOBS_RUN_IN=web .* or JOBS_RUN_IN=worker/)])
    expect(invalidSettings({ JOBS_RUN_IN: 'worker' })).toEqual([])
  })
})

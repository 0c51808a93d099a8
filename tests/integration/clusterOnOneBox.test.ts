// `npm run cluster`'s topology, started as the script starts it (src/cluster/startCluster.ts): the replica streams
// from the primary, the edge answers through HAProxy and both app processes, the app processes run no jobs, and
// stopping it leaves no process behind (every child and every PostgreSQL backend gone, the folder removed).
import fs from 'node:fs'
import pg from 'pg'

import { isAlive, withDescendants } from '../../src/cluster/processTree'
import { type Cluster, startCluster } from '../../src/cluster/startCluster'
import { ensureCompiled } from '../helpers/compiledProcess'

let cluster: Cluster | null = null

beforeAll(async () => {
  await ensureCompiled()
}, 120_000)

afterAll(async () => {
  await cluster?.stop()
}, 120_000)

it('runs the whole topology on one machine and stops it without leaving a process behind', async () => {
  // Settings of the caller's (the bench's) reach every app process, the worker and both PostgreSQL servers.
  cluster = await startCluster({ appSettings: { API_RATE_LIMIT: '12345' }, postgresSettings: { track_commit_timestamp: 'on' } })
  const { edge, proxy, apps, worker, primaryUrl, replicaUrl } = cluster

  // The replica is a hot standby streaming from the primary.
  const primary = new pg.Client({ connectionString: primaryUrl })
  await primary.connect()
  try {
    const { rows } = await primary.query<{ state: string }>('select state from pg_stat_replication')
    expect(rows.map((row) => row.state)).toEqual(['streaming'])
    expect((await primary.query<{ track_commit_timestamp: string }>('show track_commit_timestamp')).rows[0].track_commit_timestamp).toBe('on')
    await primary.query('create table cluster_probe (n int); insert into cluster_probe values (42)')
    const replica = new pg.Client({ connectionString: replicaUrl })
    await replica.connect()
    try {
      let seen: number | null = null
      for (const started = Date.now(); seen === null && Date.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
        seen = (await replica.query<{ n: number }>('select n from cluster_probe').catch(() => ({ rows: [] as { n: number }[] }))).rows[0]?.n ?? null
      }
      expect(seen).toBe(42)
      await expect(replica.query('insert into cluster_probe values (1)')).rejects.toThrow(/read-only transaction/)
    } finally {
      await replica.end()
    }
    await primary.query('drop table cluster_probe')
  } finally {
    await primary.end()
  }

  // Reads reach the app processes through the edge and HAProxy; each app process also answers on its own.
  for (const base of [edge.url, proxy.url, ...apps.map((app) => app.url)]) {
    const response = await fetch(`${base}/api/articles/summaries?limit=1`)
    expect({ base, status: response.status }).toEqual({ base, status: 200 })
  }
  expect((await fetch(`${edge.url}/healthz`)).status).toBe(200)

  // Web processes are told to run no jobs (the worker runs them) and where the replica, the bucket and the edge are.
  const environmentOf = (pid: number) =>
    new Map(fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]))
  for (const app of apps) {
    const environment = environmentOf(app.process.child.pid!)
    expect({
      jobs: environment.get('JOBS_RUN_IN'),
      replica: environment.get('DATABASE_REPLICA_URLS'),
      bucket: environment.get('S3_ENDPOINT'),
      edge: environment.get('EDGE_PURGE_URLS'),
      rateLimit: environment.get('API_RATE_LIMIT'),
    }).toEqual({ jobs: 'worker', replica: replicaUrl, bucket: cluster.s3.url, edge: edge.url, rateLimit: '12345' })
  }
  expect(environmentOf(worker.child.pid!).get('API_RATE_LIMIT')).toBe('12345')
  // What a script run against the cluster is given: the same database, bucket and secret as the app processes.
  const appEnvironment = environmentOf(apps[0].process.child.pid!)
  for (const name of ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'S3_ENDPOINT', 'S3_BUCKET', 'PAYLOAD_SECRET']) {
    expect({ name, value: cluster.scriptEnvironment[name] }).toEqual({ name, value: appEnvironment.get(name) })
  }

  const pids = withDescendants(cluster.processes().map((process) => process.child.pid!))
  // Two PostgreSQL servers with their backends, s3rver, two app processes, the worker, HAProxy, Varnish (2).
  expect(pids.length).toBeGreaterThanOrEqual(9)
  const { folder } = cluster
  await cluster.stop()
  cluster = null
  expect(pids.filter(isAlive)).toEqual([])
  expect(fs.existsSync(folder)).toBe(false)
}, 300_000)

// A TypeScript child whose loader reply was lost (exit 13, see scripts/lib/typeScriptChild.ts) is started again,
// a bounded number of times; any other failure is reported at once, with the child's output.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { LOADER_STALL_EXIT_CODE, runTypeScript, runTypeScriptSync } from '../../scripts/lib/typeScriptChild'

let folder: string
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-flaky-start-'))
})
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

const flaky = (name: string, failures: number, exitCode: number) => {
  const counterFile = path.join(folder, name)
  return {
    env: { ...process.env, NODE_OPTIONS: '', COUNTER_FILE: counterFile, FAILURES: String(failures), EXIT_CODE: String(exitCode) },
    starts: () => Number(fs.readFileSync(counterFile, 'utf8')),
    stalls: [] as string[],
  }
}

describe('runTypeScript', () => {
  it('starts a child again after a loader stall and returns the output of the start that worked', async () => {
    const child = flaky('stalls-twice', 2, LOADER_STALL_EXIT_CODE)
    const { stdout } = await runTypeScript('tests/fixtures/flakyStart.ts', { env: child.env, onStall: (script) => child.stalls.push(script) })
    expect(stdout.trim()).toBe('started 3')
    expect(child.starts()).toBe(3)
    expect(child.stalls).toEqual(['tests/fixtures/flakyStart.ts', 'tests/fixtures/flakyStart.ts'])
  })

  it('gives up after three stalled starts', async () => {
    const child = flaky('always-stalls', 99, LOADER_STALL_EXIT_CODE)
    await expect(runTypeScript('tests/fixtures/flakyStart.ts', { env: child.env, onStall: (script) => child.stalls.push(script) })).rejects.toThrow(/flakyStart\.ts failed \(exit 13\)/)
    expect(child.starts()).toBe(3)
  })

  it('does not start again a child that failed for another reason', async () => {
    const child = flaky('fails', 1, 1)
    await expect(runTypeScript('tests/fixtures/flakyStart.ts', { env: child.env, onStall: (script) => child.stalls.push(script) })).rejects.toThrow(/exit 1\)/)
    expect(child.starts()).toBe(1)
    expect(child.stalls).toEqual([])
  })
})

describe('runTypeScriptSync', () => {
  it('starts a child again after a loader stall', () => {
    const child = flaky('sync-stalls-once', 1, LOADER_STALL_EXIT_CODE)
    expect(runTypeScriptSync('tests/fixtures/flakyStart.ts', { env: child.env, onStall: (script) => child.stalls.push(script) }).stdout.trim()).toBe('started 2')
  })

  it('does not start again a child that failed for another reason', () => {
    const child = flaky('sync-fails', 1, 2)
    expect(() => runTypeScriptSync('tests/fixtures/flakyStart.ts', { env: child.env, onStall: (script) => child.stalls.push(script) })).toThrow(/exit 2\)/)
    expect(child.starts()).toBe(1)
  })
})

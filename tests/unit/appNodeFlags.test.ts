// `npm start` and every app process the project starts itself (the cluster, the bench) run with the same Node flags.
import fs from 'node:fs'
import path from 'node:path'

import { APP_NODE_FLAGS } from '../../src/cluster/appProcesses'

describe('the app process’s Node flags', () => {
  it('are the ones npm start passes in NODE_OPTIONS', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }
    const nodeOptions = scripts.start.match(/NODE_OPTIONS=(?:'([^']*)'|"([^"]*)"|(\S+))/)
    expect(nodeOptions).not.toBeNull()
    const flags = (nodeOptions![1] ?? nodeOptions![2] ?? nodeOptions![3]).split(/\s+/)
    expect(APP_NODE_FLAGS.length).toBeGreaterThan(0)
    for (const flag of APP_NODE_FLAGS) expect({ flag, isPassed: flags.includes(flag) }).toEqual({ flag, isPassed: true })
  })
})

// Hooks hand each other state through src/saveState.ts only: typed, and every key in one place.
import fs from 'node:fs'
import path from 'node:path'

import { readSaveState, saveStateById, saveStateForCall, takeSaveState, writeSaveState } from '../../src/saveState'

const SRC = path.resolve(import.meta.dirname, '../../src')

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && entry.name !== 'payload-types.ts' ? [full] : []
  })
}

describe('the save’s state', () => {
  it('is read and written on req.context by src/saveState.ts alone', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => path.relative(SRC, file) !== 'saveState.ts')
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, where: `${path.relative(SRC, file)}:${index + 1}` }))
          // `req.context…`, `context[…]`, or a hook that takes `context` from its arguments.
          .filter(({ line }) => /\breq\.context\b|\bcontext\s*\[|\(\s*\{[^}]*\bcontext\b[^}]*\}\s*\)/.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      )
    expect(offenders).toEqual([])
  })

  it('keeps a value for later hooks of the same request, and forgets what was taken', () => {
    const req = { context: {} }
    writeSaveState(req, 'automaticStageNote', 'A new revision was started.')
    expect(readSaveState(req, 'automaticStageNote')).toBe('A new revision was started.')
    expect(takeSaveState(req, 'automaticStageNote')).toBe('A new revision was started.')
    expect(readSaveState(req, 'automaticStageNote')).toBeUndefined()
  })

  it('shares per-document tables with the Local API calls a hook makes with the same req (Payload copies the context shallowly)', () => {
    const req = { context: saveStateForCall({ editingSession: 'tab-12345678' }) }
    saveStateById(req, 'expectedVersions')['media:12'] = '2026-11-25T17:20:35.123Z'
    const nested = { context: { ...req.context } }
    expect(saveStateById(nested, 'expectedVersions')['media:12']).toBe('2026-11-25T17:20:35.123Z')
    delete saveStateById(nested, 'expectedVersions')['media:12']
    expect(saveStateById(req, 'expectedVersions')).toEqual({})
    expect(readSaveState(nested, 'editingSession')).toBe('tab-12345678')
  })
})

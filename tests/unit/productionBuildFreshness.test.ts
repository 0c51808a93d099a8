// The browser tests reuse a production build only while the sources it was made from are unchanged.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { isBuildCurrent, recordBuiltSources, sourcesDigest } from '../helpers/productionBuild'

let root = ''

const write = (relative: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true })
  fs.writeFileSync(path.join(root, relative), text)
}

/** A project with sources and a finished build of them, its digest recorded as the build records it. */
function builtProject() {
  write('src/server.ts', 'export const port = 3000\n')
  write('src/app/(payload)/admin/importMap.js', 'export const importMap = {}\n')
  write('payload.config.ts', 'export default {}\n')
  write('package-lock.json', '{"lockfileVersion":3}\n')
  write('.next/BUILD_ID', 'abc\n')
  write('dist/src/server.js', 'export {}\n')
  recordBuiltSources(sourcesDigest({ root }), { root })
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-freshness-'))
  builtProject()
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

describe('whether a production build can be reused', () => {
  it('reuses a build of the sources as they are', () => {
    expect(isBuildCurrent({ root })).toBe(true)
  })

  it.each([
    {
      behaviour: 'builds again after a source file changed, even by one character',
      file: 'src/server.ts',
      text: 'export const port = 3001\n',
      isReused: false,
    },
    {
      behaviour: 'builds again after the installed packages changed (the lock file)',
      file: 'package-lock.json',
      text: '{"lockfileVersion":3,"packages":{}}\n',
      isReused: false,
    },
    {
      behaviour: 'reuses the build when only the import map changed, which the build writes itself',
      file: 'src/app/(payload)/admin/importMap.js',
      text: 'export const importMap = { regenerated: true }\n',
      isReused: true,
    },
  ])('$behaviour', ({ file, text, isReused }) => {
    write(file, text)
    expect(isBuildCurrent({ root })).toBe(isReused)
  })

  it('builds again after a source file was added, removed or renamed', () => {
    write('src/readerSite/new.tsx', 'export {}\n')
    expect(isBuildCurrent({ root })).toBe(false)
    fs.rmSync(path.join(root, 'src/readerSite/new.tsx'))
    expect(isBuildCurrent({ root })).toBe(true)
    fs.renameSync(path.join(root, 'src/server.ts'), path.join(root, 'src/main.ts'))
    expect(isBuildCurrent({ root })).toBe(false)
  })

  it('builds again when the build is incomplete or its sources were never recorded', () => {
    fs.rmSync(path.join(root, 'dist/src/server.js'))
    expect(isBuildCurrent({ root })).toBe(false)
    write('dist/src/server.js', 'export {}\n')
    fs.rmSync(path.join(root, '.next/sources-digest'))
    expect(isBuildCurrent({ root })).toBe(false)
    fs.rmSync(path.join(root, '.next/BUILD_ID'))
    expect(isBuildCurrent({ root })).toBe(false)
  })
})

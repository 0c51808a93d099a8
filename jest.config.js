// Two projects: `unit` (pure rules, no database: the fast loop, `npm run test:unit`) and `integration` (each test
// file gets its own copy of a schema-pushed template database, made once by the global setup).
// `npm test` runs both; `npm test -- --selectProjects unit` or a file path runs a part.
/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
  testTimeout: 60_000,
}

/** @type {import('jest').Config} */
const config = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], testTimeout: 10_000 },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/setup/globalSetup.js',
      globalTeardown: '<rootDir>/tests/setup/globalTeardown.js',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
}

export default config

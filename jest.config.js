/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The bot's tests and each workspace package's own tests, in one run.
  roots: ['<rootDir>/test', '<rootDir>/packages'],
  // The workspace packages are read as TypeScript source (their package.json's exports), never a stale dist/.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'vultr-invites-source'] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // src/ compiled once per run for the tests of the compiled entry points (test/support/globalSetup.ts).
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  // Most suites wait on loopback HTTP, not the CPU: two workers on the 2-core machine halve the run.
  maxWorkers: 2,
};

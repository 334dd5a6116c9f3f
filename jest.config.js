/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // Most suites wait on loopback HTTP, not the CPU: two workers on the 2-core machine halve the run.
  maxWorkers: 2,
};

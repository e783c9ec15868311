/**
 * Fault drills (`npm run test:faults`): the built service runs as separate processes against an embedded
 * PostgreSQL that each drill owns, so it can kill, cut and restart them. One drill at a time.
 */
export default {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};

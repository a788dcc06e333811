/** Unit and integration tests (real database: PGlite by default, PostgreSQL when DATABASE_URL is set). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// Files that never open a database run once, on the embedded one: the PostgreSQL pass (DATABASE_URL set) leaves
// them out (__tests__/helpers/no-database.js says why, and setup-after-env.ts holds the list to it).
const noDatabase = require('./__tests__/helpers/no-database.js');
const onServer = Boolean(process.env.DATABASE_URL);

module.exports = {
  // Node's, closing a database a file's own afterAll opened again after the set-up closed it (./__tests__/helpers/environment.js).
  testEnvironment: '<rootDir>/__tests__/helpers/environment.js',
  // Jest's clean-up of globals between files wraps objects kept on globalThis (lib/jobs/queue.ts keeps one
  // worker per process there) in setters that recurse: off, as jest 30 did before the option existed.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/__tests__/e2e/',
    ...(onServer ? noDatabase.map((file) => `/${file.replace(/[.]/g, '\\.')}$`) : []),
  ],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // file-type and its dependencies are ESM-only: let swc turn them into CommonJS for jest.
  // @noble/hashes and @scure/base (under otplib) too.
  transformIgnorePatterns: [
    '/node_modules/(?!(file-type|strtok3|token-types|@tokenizer/inflate|uint8array-extras|@borewit/text-codec|@noble/hashes|@scure/base|@otplib)/)',
  ],
  // file-type 21 (the last line that supports Node 20) exports only 'import' conditions, which jest's
  // CommonJS resolver does not take: point it at the file the 'node' condition names.
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1', '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  testSequencer: '<rootDir>/__tests__/helpers/sequencer.js',
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/__tests__/helpers/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/setup-after-env.ts'],
  testTimeout: 30_000,
};

/** Browser journeys and the HTTP access matrix, against the production build on a fresh embedded database. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/e2e'],
  testPathIgnorePatterns: [],
  globalSetup: '<rootDir>/__tests__/e2e/support/start-server.ts',
  globalTeardown: '<rootDir>/__tests__/e2e/support/stop-server.ts',
  setupFiles: [],
  setupFilesAfterEnv: [],
  testTimeout: 90_000,
  testSequencer: '<rootDir>/__tests__/e2e/support/sequencer.js',
};

// The browser suites share one demo database, so what one suite adds another sees. Jest's default
// order depends on its cache (file size on a clean clone, past timings on a developer's machine),
// which let a suite pass locally and fail in CI. A fixed order (by path) is the same everywhere.
const Sequencer = require('@jest/test-sequencer').default;

module.exports = class PathOrder extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
};

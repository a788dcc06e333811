// Jest's order (files that failed last time first, then the slowest by its timing cache, then the largest), with the
// audience invariant always first. With its 500 cases it is most of one worker's time in a pass (324 s of a 429 s
// pass, 5 Dec 2026), so it must start at once: after a run of it with INVARIANT_CASES=30 the cache held about 20 s
// for it, jest started it 215 s in, and the pass took 562 s.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = /[\\/]audience[\\/]invariant\.test\.ts$/;

module.exports = class InvariantFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((t) => FIRST.test(t.path)), ...sorted.filter((t) => !FIRST.test(t.path))];
  }
};

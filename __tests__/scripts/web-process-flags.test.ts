import fs from 'node:fs';
import path from 'node:path';
import { HEAP_GROWTH_FLAG, webProcessEnv, webProcessFlags } from '../../scripts/web-process-flags';

// The web processes' V8 flags (scripts/serve.ts): the heap cap and heap growth passed on, and garbage collected on the
// process's own thread once the web processes are as many as the cores (the two-servers suite checks the running
// processes).

test('npm start gives the server the heap growth the bench measures with (decision 0041)', () => {
  const start = fs.readFileSync(path.join(__dirname, '../../scripts/start.sh'), 'utf8');
  const exec = start.split('\n').find((line) => line.startsWith('exec node '));
  expect(exec?.split(' ')).toContain(HEAP_GROWTH_FLAG);
  expect(HEAP_GROWTH_FLAG).toMatch(/^--heap-growing-percent=\d+$/);
});

test('the heap growth is passed on to the web processes, wherever it stands among the flags', () => {
  const own = ['--max-old-space-size=512', HEAP_GROWTH_FLAG, '--inspect'];
  expect(webProcessFlags(2, 2, own)).toEqual(['--max-old-space-size=512', HEAP_GROWTH_FLAG, '--single-threaded-gc']);
  expect(webProcessFlags(1, 2, [HEAP_GROWTH_FLAG, '--max-old-space-size=300'])).toEqual([
    HEAP_GROWTH_FLAG,
    '--max-old-space-size=300',
  ]);
});

test('as many web processes as cores, or more: the heap cap and single-threaded garbage collection', () => {
  const own = ['--max-old-space-size=512', '--import', 'tsx', '--inspect'];
  expect(webProcessFlags(2, 2, own)).toEqual(['--max-old-space-size=512', '--single-threaded-gc']);
  expect(webProcessFlags(8, 4, own)).toEqual(['--max-old-space-size=512', '--single-threaded-gc']);
});

test("the CPU profiler's flags are passed on, so that the bench can profile the web processes", () => {
  const own = ['--max-old-space-size=512', '--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--inspect'];
  expect(webProcessFlags(1, 2, own)).toEqual(['--max-old-space-size=512', '--cpu-prof', '--cpu-prof-dir=/tmp/prof']);
});

test('fewer web processes than cores: V8 keeps its helper threads; only the heap cap is passed on', () => {
  expect(webProcessFlags(1, 2, ['--max-old-space-size=300'])).toEqual(['--max-old-space-size=300']);
  expect(webProcessFlags(3, 16, [])).toEqual([]);
});

test("two malloc arenas unless the server's own environment says otherwise", () => {
  expect(webProcessEnv({})).toEqual({ MALLOC_ARENA_MAX: '2' });
  expect(webProcessEnv({ MALLOC_ARENA_MAX: '' })).toEqual({ MALLOC_ARENA_MAX: '2' });
  expect(webProcessEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' });
});

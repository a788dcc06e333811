import path from 'node:path';
import { runScriptForJson } from '../../helpers/processes';
import { exposedGc, reduceMemoryWhenIdle } from '@/lib/http/idle-memory';

// A server process gives memory back once it has gone quiet after work (lib/http/idle-memory.ts).

test('none while the process works or before it has worked; when it goes quiet, a collection and one more to settle', () => {
  jest.useFakeTimers();
  let cpu = 0;
  let rss = 300;
  const collectedAt: number[] = [];
  let step = 0;
  const stop = reduceMemoryWhenIdle({
    checkMs: 10_000,
    idleCpuMs: 50,
    cpuMs: () => cpu,
    rssMb: () => rss,
    collect: () => {
      collectedAt.push(step);
      rss -= 100;
    },
  });
  try {
    // Each interval the process uses 200 ms of CPU (busy, its RSS growing by 20 MB) or 1 ms (quiet): quiet at first
    // (nothing to give back), busy twice, quiet three times (a collection, and a second one to settle), busy, quiet
    // twice (grown by less than 32 MB since the last collection), busy, quiet (a collection; busy again at once,
    // so none to settle).
    for (const busy of [false, true, true, false, false, false, true, false, false, true, false, true]) {
      cpu += busy ? 200 : 1;
      if (busy) rss += 20;
      jest.advanceTimersByTime(10_000);
      step++;
    }
  } finally {
    stop();
    jest.useRealTimers();
  }
  expect(collectedAt).toEqual([3, 4, 10]);
});

// A process of its own (a test runner's heap is not a server's): it grows its heap by 160 MB in a burst of work,
// drops it, and goes quiet; its RSS three seconds later, with and without the check.
function burstThenQuiet(withCheck: boolean): { grown: number; after: number } {
  return runScriptForJson(
    `import { reduceMemoryWhenIdle } from ${JSON.stringify(path.resolve('lib/http/idle-memory'))};
if (${withCheck}) reduceMemoryWhenIdle({ checkMs: 300, idleCpuMs: 30 });
const rss = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
let burst: number[][] | null = Array.from({ length: 400 }, () => Array.from({ length: 50_000 }, (_, k) => k + 0.5));
const grown = rss();
burst = null;
setTimeout(() => console.log(JSON.stringify({ grown, after: rss() })), 3000);
`,
  );
}

test('a process that went quiet after a burst of work gives the memory back; without the check it keeps it', () => {
  const withCheck = burstThenQuiet(true);
  const without = burstThenQuiet(false);
  expect(withCheck.grown - withCheck.after).toBeGreaterThan(100); // MB
  expect(without.grown - without.after).toBeLessThan(50);
}, 120_000);

test("V8's full collection is reachable without --expose-gc", () => {
  expect(typeof exposedGc()).toBe('function');
});

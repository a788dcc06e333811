import { cpuTimeTrace, type TraceEvent } from '../../scripts/lighthouse-cpu-time';

const PAGE = { pid: 7, tid: 1 };
const OTHER = { pid: 3, tid: 9 };

function trace(): { traceEvents: TraceEvent[] } {
  return {
    traceEvents: [
      // an earlier about:blank navigation on another thread is not the page
      { ...OTHER, ts: 0, ph: 'R', name: 'navigationStart', args: { data: { documentLoaderURL: 'about:blank' } } },
      { ...PAGE, ts: 500, ph: 'R', name: 'navigationStart', args: { data: { documentLoaderURL: 'http://x/cases' } } },
      // 100 ms of wall time holding 25 ms of CPU, with a 40 ms layout 40 ms in
      { ...PAGE, ts: 1_000, ph: 'X', name: 'RunTask', dur: 100_000, tdur: 25_000 },
      { ...PAGE, ts: 41_000, ph: 'X', name: 'Layout', dur: 40_000, tdur: 8_000 },
      { ...PAGE, ts: 81_000, ph: 'I', name: 'firstContentfulPaint' },
      // a nested task inside it is compressed with it, once
      { ...PAGE, ts: 90_000, ph: 'X', name: 'RunTask', dur: 10_000, tdur: 2_000 },
      // a task that had its core throughout is left as it was
      { ...PAGE, ts: 200_000, ph: 'X', name: 'RunTask', dur: 60_000, tdur: 60_000 },
      { ...PAGE, ts: 210_000, ph: 'X', name: 'EvaluateScript', dur: 50_000, tdur: 50_000 },
      // other threads keep their timing
      { ...OTHER, ts: 1_000, ph: 'X', name: 'RunTask', dur: 100_000, tdur: 10_000 },
    ],
  };
}

describe('cpuTimeTrace', () => {
  test("each of the page's main-thread tasks lasts its CPU time, with what it holds compressed towards its start", () => {
    const t = trace();
    const summary = cpuTimeTrace(t);
    const [, , task, layout, fcp, nested, steady, evaluate, other] = t.traceEvents;
    expect(task).toMatchObject({ ts: 1_000, dur: 25_000 });
    expect(layout).toMatchObject({ ts: 11_000, dur: 10_000 });
    expect(fcp!.ts).toBe(21_000);
    expect(nested).toMatchObject({ ts: 23_250, dur: 2_500 });
    expect(nested!.ts + nested!.dur!).toBeLessThanOrEqual(task!.ts + task!.dur!);
    expect(steady).toMatchObject({ ts: 200_000, dur: 60_000 });
    expect(evaluate).toMatchObject({ ts: 210_000, dur: 50_000 });
    expect(other).toMatchObject({ ts: 1_000, dur: 100_000 });
    expect(summary).toEqual({ tasks: 2, wallMs: 160, cpuMs: 85 });
  });

  test('a trace without a page navigation is refused', () => {
    expect(() => cpuTimeTrace({ traceEvents: [{ ...PAGE, ts: 0, ph: 'X', name: 'RunTask', dur: 5 }] })).toThrow(
      'no navigation',
    );
  });
});

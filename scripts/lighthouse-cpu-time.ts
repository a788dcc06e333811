/**
 * Lighthouse's simulated throttling multiplies how long each main-thread task took (wall time) by the CPU
 * slowdown (4× for mobile). That stands for the page's own work only when the browser has the machine to
 * itself. On a 2-core CI machine it does not: Chromium's browser and GPU processes (raised priority), its
 * script-streaming threads, Lighthouse's own process and the app server share the two cores, and the
 * page's main thread waits for a core inside its tasks. Measured here (docs/decisions/0030): a Layout of
 * 155 ms wall with 19 ms of CPU; over a whole load, long tasks of 460–590 ms wall held 225–250 ms of CPU;
 * pinning Chromium to one core doubled the blocking time of the same page.
 *
 * `cpuTimeTrace` rewrites a saved Lighthouse trace so that every task on the page's main thread lasts its
 * thread CPU time (the trace's `tdur`): the task and everything inside it are compressed towards the task's
 * start by the same factor, nothing else moves. Lighthouse then audits that trace with its usual settings,
 * so the score is Lighthouse's mobile model (slow 4G, CPU 4×) applied to the work the page itself did.
 */

export type TraceEvent = {
  pid: number;
  tid: number;
  ts: number;
  ph: string;
  name: string;
  dur?: number;
  tdur?: number;
  args?: { data?: { documentLoaderURL?: string } };
};

export type CpuTimeSummary = { tasks: number; wallMs: number; cpuMs: number };

/** Rewrites `trace` in place; returns the page main thread's task time before (wall) and after (CPU). */
export function cpuTimeTrace(trace: { traceEvents: TraceEvent[] }): CpuTimeSummary {
  const events = trace.traceEvents;
  const navigations = events.filter(
    (e) => e.name === 'navigationStart' && /^https?:/.test(e.args?.data?.documentLoaderURL ?? ''),
  );
  const navigation = navigations[navigations.length - 1];
  if (!navigation) throw new Error('The trace has no navigation to a web page');
  const mainThread = events
    .filter((e) => e.pid === navigation.pid && e.tid === navigation.tid)
    .sort((a, b) => a.ts - b.ts);
  // Top-level tasks only (a task can run a nested message loop, whose tasks are already inside it).
  const tasks: TraceEvent[] = [];
  let lastEnd = -Infinity;
  for (const e of mainThread) {
    if (e.ph !== 'X' || e.name !== 'RunTask' || e.dur == null || e.ts < lastEnd) continue;
    tasks.push(e);
    lastEnd = e.ts + e.dur;
  }
  const summary: CpuTimeSummary = { tasks: 0, wallMs: 0, cpuMs: 0 };
  let from = 0;
  for (const task of tasks) {
    const wall = task.dur!;
    const cpu = Math.min(task.tdur ?? wall, wall);
    summary.tasks++;
    summary.wallMs += wall / 1000;
    summary.cpuMs += cpu / 1000;
    if (cpu >= wall || wall === 0) continue;
    const factor = cpu / wall;
    const start = task.ts;
    const end = task.ts + wall;
    while (from < mainThread.length && mainThread[from]!.ts < start) from++;
    for (let i = from; i < mainThread.length && mainThread[i]!.ts <= end; i++) {
      const e = mainThread[i]!;
      if (e === task) continue;
      e.ts = start + (e.ts - start) * factor;
      if (e.dur != null) e.dur *= factor;
      if (e.tdur != null) e.tdur = Math.min(e.tdur, e.dur ?? e.tdur);
    }
    task.dur = cpu;
  }
  return summary;
}

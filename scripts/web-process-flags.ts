import os from 'node:os';

/**
 * The V8 flags of each web process: the heap cap scripts/start.sh gave this one (WEB_HEAP_MB) and any CPU profiler
 * flags it has (so that the bench can profile the web processes: BENCH_SERVER_NODE_ARGS), and, when the web processes
 * are as many as the cores, garbage collected on the process's own thread (`--single-threaded-gc`). Each process then
 * has a core's worth of work and the database shares the same cores: V8's helper threads only add switching.
 * Measured on 2 cores, 2 web processes, PostgreSQL (docs/decisions/0037-web-process-gc.md): a case page 10.6 ms of
 * CPU a request instead of 11.6, the case list 9.4 instead of 10.3, statistics 9.3 instead of 10.0.
 */
export function webProcessFlags(count: number, cores = os.availableParallelism(), own = process.execArgv): string[] {
  const passed = own.filter((a) => a.startsWith('--max-old-space-size') || a.startsWith('--cpu-prof'));
  return count >= cores ? [...passed, '--single-threaded-gc'] : passed;
}

/**
 * What the web processes' environment adds to this one's: glibc's malloc arenas limited to 2 unless
 * MALLOC_ARENA_MAX is set. glibc gives each thread that allocates its own arena, up to 8 per core, and keeps what
 * they grew to; with two, a web process on PostgreSQL held 229–235 MB 90 s after a load instead of 239–261, at
 * no measurable cost in CPU a request (docs/decisions/0039-malloc-arenas.md). Not set for the embedded database's
 * one process, whose case list cost 9–12% more with it.
 */
export function webProcessEnv(own: Record<string, string | undefined> = process.env): Record<string, string> {
  return { MALLOC_ARENA_MAX: own.MALLOC_ARENA_MAX || '2' };
}

import os from 'node:os';

/**
 * How much V8 lets the old generation grow beyond what the last full collection left before it starts the next one:
 * given to every server process (scripts/start.sh, and the bench as `npm start` runs it), and passed on to the web
 * processes. V8 otherwise sets that margin from how fast JavaScript objects outlive the young generation, and a web
 * process's are few, so it kept the margin at 10% (`--trace-gc-verbose`: "factor 1.1"), about 24 MB. But the bytes
 * of Buffers (a request's body, the encrypted pieces of an upload, what the database sends) count against that
 * margin too, and 32 MB of them pass between two young collections: each 25 MB upload started two or three full
 * collections of a live heap of 80 MB (docs/decisions/0041-heap-growth.md). 50% keeps a margin of about 40 MB.
 */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=50';

/**
 * The V8 flags of each web process: the heap cap and heap growth scripts/start.sh gave this one (WEB_HEAP_MB,
 * HEAP_GROWTH_FLAG) and any CPU profiler flags it has (so that the bench can profile the web processes:
 * BENCH_SERVER_NODE_ARGS), and, when the web processes are as many as the cores, garbage collected on the process's
 * own thread (`--single-threaded-gc`). Each process then has a core's worth of work and the database shares the same
 * cores: V8's helper threads only add switching.
 * Measured on 2 cores, 2 web processes, PostgreSQL (docs/decisions/0037-web-process-gc.md): a case page 10.6 ms of
 * CPU a request instead of 11.6, the case list 9.4 instead of 10.3, statistics 9.3 instead of 10.0.
 */
export function webProcessFlags(count: number, cores = os.availableParallelism(), own = process.execArgv): string[] {
  const passed = own.filter(
    (a) => a.startsWith('--max-old-space-size') || a.startsWith('--heap-growing-percent') || a.startsWith('--cpu-prof'),
  );
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

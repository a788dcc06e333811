import os from 'node:os';

/**
 * The V8 flags of each web process: the heap cap scripts/start.sh gave this one (WEB_HEAP_MB), and, when the web
 * processes are as many as the cores, garbage collected on the process's own thread (`--single-threaded-gc`). Each
 * process then has a core's worth of work and the database shares the same cores: V8's helper threads only add
 * switching. Measured on 2 cores, 2 web processes, PostgreSQL (docs/decisions/0037-web-process-gc.md): a case
 * page 10.6 ms of CPU a request instead of 11.6, the case list 9.4 instead of 10.3, statistics 9.3 instead of 10.0.
 */
export function webProcessFlags(count: number, cores = os.availableParallelism(), own = process.execArgv): string[] {
  const heap = own.filter((a) => a.startsWith('--max-old-space-size'));
  return count >= cores ? [...heap, '--single-threaded-gc'] : heap;
}

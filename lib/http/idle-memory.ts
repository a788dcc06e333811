import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back once a server process has gone quiet after work. V8 keeps the heap it grew to under load: a
 * web process on PostgreSQL started at 229–242 MB of RSS, held 363–407 MB during 120 s of load and still 374–381 MB
 * after 60 s of idle, because nothing asks V8 for a collection that shrinks the heap when no code runs (none ran in
 * 60 s of idle under `--trace-gc`).
 *
 * Here a timer reads the process's CPU every `checkMs`. After an interval in which it did work, the first interval
 * in which it used almost none (`idleCpuMs`) runs one full collection (V8's `gc()`, which also shrinks the heap; the
 * pages it frees go back to the system), if the process holds at least `minGrowthMb` more than after the last one,
 * and a second one at the next check if the process is still quiet: after a load of two web processes on
 * PostgreSQL, one collection left one at 537 MB for 75 s, and the second gave back what the first had freed (the
 * request buffers' memory). So it runs at most twice per quiet spell and never while requests are being served;
 * each blocks the process for one full collection (about 200 ms for 160 MB of live objects on this machine; a web
 * process holds about 60 MB at its start and 115 MB after a load). On Node 20 (V8 11.3), `gc({ type: 'major' })`
 * and its 'last-resort' flavour left a 160 MB burst's heap committed; a bare `gc()` gave it back.
 */
export type IdleMemoryOptions = {
  checkMs?: number;
  idleCpuMs?: number;
  /** For tests: the collection to run and the process CPU reading. */
  collect?: () => void;
  cpuMs?: () => number;
  /** Only when the process holds this much more than after its last collection (a quiet spell after light work
   * has nothing to give back). */
  minGrowthMb?: number;
  rssMb?: () => number;
};

type Gc = () => void;

/** V8's `gc` without starting Node with --expose-gc: a new context made after the flag is set has it. */
export function exposedGc(): Gc | null {
  const own = (globalThis as { gc?: Gc }).gc;
  if (typeof own === 'function') return own;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as Gc) : null;
  } catch {
    return null;
  }
}

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const STATE = Symbol.for('reinstate.idleMemory');

/** Starts the check (once per process); returns a function that stops it. */
export function reduceMemoryWhenIdle(options: IdleMemoryOptions = {}): () => void {
  const {
    checkMs = 10_000,
    idleCpuMs = 50,
    minGrowthMb = 32,
    cpuMs = processCpuMs,
    rssMb = () => process.memoryUsage.rss() / 2 ** 20,
  } = options;
  const holder = globalThis as { [STATE]?: () => void };
  if (holder[STATE] && !options.collect) return holder[STATE];
  const gc = options.collect ? null : exposedGc();
  const collect = options.collect ?? gc;
  if (!collect) return () => undefined;
  let last = cpuMs();
  let workedSince = false;
  let settle = false; // a second collection, at the next quiet check: it gives back what the first one freed
  let held = 0; // RSS after the last collection (0: none yet)
  const timer = setInterval(() => {
    const used = cpuMs() - last;
    if (used >= idleCpuMs) {
      workedSince = true;
      settle = false;
    } else if (workedSince) {
      workedSince = false;
      if (rssMb() - held >= minGrowthMb) {
        collect();
        settle = true;
        held = rssMb();
      }
    } else if (settle) {
      settle = false;
      collect();
      held = rssMb();
    }
    last = cpuMs(); // the collections' own CPU is not work
  }, checkMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  if (!options.collect) holder[STATE] = stop;
  return stop;
}

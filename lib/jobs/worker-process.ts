import * as childProcess from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { PdfTask } from '../bundle/pdf-task';
import type { StoredPdf } from '../bundle/pdf-to-store';

// Heavy work (drawing and merging PDFs of hundreds of pages) runs in a PDF worker process, not on the web
// server's event loop: the server reads what a build needs from the database, sends it as one message, and
// writes the progress and the result the worker sends back. The worker never opens the database, so the
// embedded one keeps its single process. One worker per server process, one build at a time (the job runner
// runs one job at a time). It is started on the first build and kept warm for the next (its start, loading
// the PDF libraries, costs about a second); it is stopped after IDLE_MS without work, so an idle app holds no
// worker, and replaced after a build that left it large, so memory goes back to the system. It exits by
// itself if the server goes away (scripts/pdf-worker.ts).

export type WorkerMessage =
  | { type: 'progress'; progress: number; note: string }
  | { type: 'done'; result: StoredPdf; maxRssMb: number; rssMb: number }
  | { type: 'error'; message: string };

export class WorkerProcessError extends Error {}

const IDLE_MS = 120_000;
/** A worker holding more than this after a build is replaced rather than kept. */
const RECYCLE_RSS_MB = 200;

type Pending = {
  resolve: (r: { result: StoredPdf; maxRssMb: number }) => void;
  reject: (err: Error) => void;
  onProgress: (progress: number, note: string) => void;
};
type Worker = { child: ChildProcess; busy: Pending | null; idle?: NodeJS.Timeout; gone: boolean };
// One per process even where Next loads this module in more than one module graph.
const state: { worker: Worker | null } = ((
  globalThis as { __reinstatePdfWorker?: { worker: Worker | null } }
).__reinstatePdfWorker ??= { worker: null });

/** The app's root (where scripts/ and node_modules/ are): the server runs from it. */
const appRoot = () => process.env.REINSTATE_ROOT ?? process.cwd(); // eslint-disable-line no-restricted-properties -- set only by tooling that runs from elsewhere

// Taken so that the bundler does not try to bundle the worker script: Turbopack follows fork(<path>) calls,
// and the worker is run by tsx from the app's own files, not from the server build.
const fork: typeof childProcess.fork = Reflect.get(childProcess, 'fork');

function startWorker(): Worker {
  const root = appRoot();
  // `npm start` compiles the worker and names it here (plain node); elsewhere (tests, tools) tsx runs the source.
  const compiled = process.env.REINSTATE_PDF_WORKER; // eslint-disable-line no-restricted-properties -- set by scripts/start.ts for the process it starts
  const child = fork(compiled || path.join(root, 'scripts/pdf-worker.ts'), [], {
    cwd: root,
    execArgv: compiled ? [] : ['--import', 'tsx'],
    // Structured clone: Dates and buffers arrive as they were sent.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The server's own environment (the worker reads the blob store and the master key through getEnv()).
    env: { ...process.env, NODE_OPTIONS: '' }, // eslint-disable-line no-restricted-properties -- passed on whole, not read
  });
  const w: Worker = { child, busy: null, gone: false };
  const finish = (fn: (p: Pending) => void) => {
    const p = w.busy;
    w.busy = null;
    child.channel?.unref(); // an idle worker does not keep the server (or a test run) alive
    if (p) fn(p);
  };
  child.on('message', (m: WorkerMessage) => {
    if (m.type === 'progress') w.busy?.onProgress(m.progress, m.note);
    else if (m.type === 'error') finish((p) => p.reject(new WorkerProcessError(m.message)));
    else {
      finish((p) => p.resolve({ result: m.result, maxRssMb: m.maxRssMb }));
      if (m.rssMb > RECYCLE_RSS_MB) stop(w);
      else {
        w.idle = setTimeout(() => stop(w), IDLE_MS);
        w.idle.unref();
      }
    }
  });
  const ended = (why: string) => {
    w.gone = true;
    clearTimeout(w.idle);
    if (state.worker === w) state.worker = null;
    finish((p) => p.reject(new WorkerProcessError(`The PDF worker stopped before it finished (${why}).`)));
  };
  child.on('exit', (code, sig) => ended(sig ?? `exit code ${code}`));
  child.on('error', (err) => ended(err.message));
  child.unref();
  child.channel?.unref();
  return w;
}

function stop(w: Worker): void {
  clearTimeout(w.idle);
  if (state.worker === w) state.worker = null;
  if (!w.gone) w.child.kill('SIGKILL');
}

/** Starts the worker if there is none, so that its start overlaps the server's reading of the build's data. */
export function warmPdfWorker(): void {
  if (!state.worker || state.worker.gone) state.worker = startWorker();
}

/**
 * Runs one PDF task in the worker process (started if there is none). Resolves with what was stored and the
 * worker's peak RSS; rejects with the worker's own message when the build failed, or says how the worker
 * stopped. `signal` stops the worker (the job's lease was lost to another server).
 */
export function runPdfWorker(
  task: PdfTask,
  onProgress: (progress: number, note: string) => void,
  signal?: AbortSignal,
): Promise<{ result: StoredPdf; maxRssMb: number }> {
  const current = state.worker;
  const w = current && !current.gone && !current.busy ? current : (state.worker = startWorker());
  clearTimeout(w.idle);
  return new Promise((resolve, reject) => {
    const onAbort = () => stop(w);
    const done = () => signal?.removeEventListener('abort', onAbort);
    w.busy = { resolve: (r) => (done(), resolve(r)), reject: (err) => (done(), reject(err)), onProgress };
    w.child.channel?.ref(); // while it builds, the server waits for it
    if (signal?.aborted) return stop(w);
    signal?.addEventListener('abort', onAbort, { once: true });
    w.child.send(task, (err) => {
      if (err) stop(w);
    });
  });
}

/** Stops the worker now (tests, and a server shutting down). */
export function stopPdfWorker(): void {
  if (state.worker) stop(state.worker);
}

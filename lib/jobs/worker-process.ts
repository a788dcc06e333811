import * as childProcess from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { PdfTask } from '../bundle/pdf-task';
import type { PreviewTask } from '../evidence/preview-task';
import { lowerPriority, TOOL_NICENESS } from '../evidence/tool-relay';
import type { StoredPdf } from '../bundle/pdf-to-store';
import { getEnv } from '../env';
import { pdfWorkerEnvironment, sandboxed, workerEnvironment } from './sandbox';

// Heavy work runs in a worker process, not on the web server's event loop: drawing and merging PDFs of hundreds
// of pages, and making an evidence file's preview (reading it back, decrypting it, passing it to pdftoppm or
// decoding a photo). The server reads what a task needs from the database, sends it as one message, and writes
// the progress and the result the worker sends back. The worker never opens the database, so the embedded one
// keeps its single process. Each kind of work has its own worker (a lane), one task at a time: a preview never
// waits behind a 1,000-page bundle. A worker is started on first use and kept warm for the next task (its
// start costs about a second); it is stopped after IDLE_MS without work, so an idle app holds no worker, and
// replaced after a task that left it large, so memory goes back to the system. It exits by itself if the
// server goes away (scripts/pdf-worker.ts).

export type WorkerMessage =
  | { type: 'progress'; progress: number; note: string }
  | { type: 'done'; result: unknown; maxRssMb: number; rssMb: number }
  | { type: 'error'; message: string }
  /** The worker has taken the last piece of a task's input and wants the next (one at a time: memory stays flat). */
  | { type: 'more' };

/** What the worker is sent: a PDF to draw, or a preview to make (`kind` tells them apart). */
export type WorkerTask = PdfTask | PreviewTask;
/** A task's input, sent after it in pieces (a preview's encrypted file): bytes, then the end or an error. */
export type WorkerInput =
  | { kind: 'chunk'; data: Uint8Array }
  | { kind: 'end' }
  | { kind: 'input-error'; message: string };

export class WorkerProcessError extends Error {}

const IDLE_MS = 120_000;
/** A worker holding more than this after a task is replaced rather than kept. */
const RECYCLE_RSS_MB = 200;

type Pending = {
  resolve: (r: { result: unknown; maxRssMb: number }) => void;
  reject: (err: Error) => void;
  onProgress: (progress: number, note: string) => void;
};
/** `renderer`: a preview worker's PDF renderer, named by path: the sandbox lets it see that program's folder. */
type Worker = {
  child: ChildProcess;
  busy: Pending | null;
  idle?: NodeJS.Timeout;
  gone: boolean;
  renderer?: string;
  /** Called when the worker asks for the next piece of input. */
  wanted?: () => void;
};
/**
 * `nice`: the worker's nice value (previews are made after the answer has gone, and give way to requests).
 * `isolated`: the worker gets none of the server's environment, and runs in the sandbox where it can
 * (./sandbox.ts): the preview worker, which decodes uploaded files.
 */
type Lane = { worker: Worker | null; nice: number; isolated: boolean };
// One per process even where Next loads this module in more than one module graph.
const lane = (name: '__reinstatePdfWorker' | '__reinstatePreviewWorker', nice: number, isolated: boolean): Lane =>
  ((globalThis as unknown as Record<string, Lane | undefined>)[name] ??= { worker: null, nice, isolated });
const pdfLane = lane('__reinstatePdfWorker', 0, false);
const previewLane = lane('__reinstatePreviewWorker', TOOL_NICENESS, true);

/** The app's root (where scripts/ and node_modules/ are): the server runs from it. */
const appRoot = () => process.env.REINSTATE_ROOT ?? process.cwd(); // eslint-disable-line no-restricted-properties -- set only by tooling that runs from elsewhere

// Taken so that the bundler does not try to bundle the worker script: Turbopack follows fork(<path>) calls,
// and the worker is run by tsx from the app's own files, not from the server build.
const fork: typeof childProcess.fork = Reflect.get(childProcess, 'fork');
const spawn: typeof childProcess.spawn = Reflect.get(childProcess, 'spawn');

/** The PDF renderer a task names by path (tests name one of their own), for the sandbox to let it be seen. */
const rendererOf = (task: WorkerTask) =>
  task.kind === 'preview' && path.isAbsolute(task.renderer) ? task.renderer : undefined;

function startWorker(state: Lane, renderer?: string): Worker {
  const root = appRoot();
  // `npm start` compiles the worker and names it here (plain node); elsewhere (tests, tools) tsx runs the source.
  const compiled = process.env.REINSTATE_PDF_WORKER; // eslint-disable-line no-restricted-properties -- set by scripts/start.ts for the process it starts
  const script = compiled || path.join(root, 'scripts/pdf-worker.ts');
  const execArgv = compiled ? [] : ['--import', 'tsx'];
  // Structured clone: Dates and buffers arrive as they were sent.
  const common = {
    cwd: root,
    serialization: 'advanced' as const,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as childProcess.StdioOptions,
  };
  let child: ChildProcess;
  if (state.isolated) {
    // No secrets, and (where it works) the sandbox: the worker is sent what it needs with each task.
    const env = getEnv();
    const node = sandboxed(env.PREVIEW_SANDBOX, process.execPath, [...execArgv, script], {
      root,
      readable: [
        path.dirname(path.dirname(process.execPath)), // the Node install
        path.join(root, 'node_modules'),
        path.join(root, 'package.json'),
        // The compiled worker is one file; the source needs the app's modules and tsx its tsconfig (paths).
        ...(compiled
          ? [compiled]
          : ['scripts', 'lib', 'tsconfig.json'].map((p) => path.join(/*turbopackIgnore: true*/ root, p))),
        ...(renderer ? [path.dirname(renderer)] : []),
      ],
      hidden: [env.dataDir, env.keyDir],
    });
    // Its output is passed on by this process rather than inherited: a sandbox left running after this process
    // ended would otherwise hold this process's parent's output open (a test runner waited for it for good).
    child = spawn(node.command, node.args, {
      ...common,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: workerEnvironment({ WORKER_NICE: String(state.nice) }),
    });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      from?.pipe(to, { end: false });
      (from as unknown as { unref?: () => void } | null)?.unref?.(); // the output does not keep this process alive
    }
  } else {
    child = fork(script, [], {
      ...common,
      execArgv,
      // The blob store's and the master key's settings (the worker reads exhibits and stores the PDF through
      // getEnv()), none of the server's other secrets.
      env: pdfWorkerEnvironment(),
    });
  }
  if (state.nice) lowerPriority(child, state.nice);
  const w: Worker = { child, busy: null, gone: false, renderer };
  const finish = (fn: (p: Pending) => void) => {
    const p = w.busy;
    w.busy = null;
    child.channel?.unref(); // an idle worker does not keep the server (or a test run) alive
    if (p) fn(p);
  };
  child.on('message', (m: WorkerMessage) => {
    if (m.type === 'more') w.wanted?.();
    else if (m.type === 'progress') w.busy?.onProgress(m.progress, m.note);
    else if (m.type === 'error') finish((p) => p.reject(new WorkerProcessError(m.message)));
    else {
      finish((p) => p.resolve({ result: m.result, maxRssMb: m.maxRssMb }));
      if (m.rssMb > RECYCLE_RSS_MB) stop(state, w);
      else {
        w.idle = setTimeout(() => stop(state, w), IDLE_MS);
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

// A worker ends with the process that started it. The worker exits by itself when the server goes away, and bwrap's
// --die-with-parent covers the sandbox, but CI once found a sandboxed worker's bwrap still running, reparented,
// after its test process had ended; killing what is left on the way out does not depend on either.
const exitHook = globalThis as unknown as { __reinstateWorkersKilledOnExit?: boolean };
if (!exitHook.__reinstateWorkersKilledOnExit) {
  exitHook.__reinstateWorkersKilledOnExit = true;
  process.on('exit', () => {
    for (const l of [pdfLane, previewLane]) if (l.worker && !l.worker.gone) l.worker.child.kill('SIGKILL');
  });
}

function stop(state: Lane, w: Worker): void {
  clearTimeout(w.idle);
  if (state.worker === w) state.worker = null;
  if (!w.gone) w.child.kill('SIGKILL');
}

/** Starts the PDF worker if there is none, so that its start overlaps the server's reading of the build's data. */
export function warmPdfWorker(): void {
  if (!pdfLane.worker || pdfLane.worker.gone) pdfLane.worker = startWorker(pdfLane);
}

/** Sends a task's input after it, a piece at a time: each once the worker has taken the last. */
async function sendInput(w: Worker, input: AsyncIterable<Uint8Array>): Promise<void> {
  const send = (m: WorkerInput) =>
    new Promise<void>((resolve, reject) => w.child.send(m, (err) => (err ? reject(err) : resolve())));
  const stopped = gone(w);
  try {
    for await (const data of input) {
      if (w.gone || !w.busy) return;
      const taken = new Promise<void>((resolve) => (w.wanted = resolve));
      await send({ kind: 'chunk', data });
      await Promise.race([taken, stopped]);
    }
    w.wanted = undefined;
    await send({ kind: 'end' });
  } catch (err) {
    if (!w.gone)
      await send({ kind: 'input-error', message: err instanceof Error ? err.message : String(err) }).catch(
        () => undefined,
      );
  }
}

/**
 * Settles when the worker has stopped (so input is not waited for from a worker that is gone). One promise per
 * worker, made once: a listener per task would pile up on a worker kept warm for hundreds of previews.
 */
const exits = new WeakMap<Worker, Promise<void>>();
function gone(w: Worker): Promise<void> {
  let p = exits.get(w);
  if (!p) {
    p = new Promise<void>((resolve) => (w.gone ? resolve() : w.child.once('exit', () => resolve())));
    exits.set(w, p);
  }
  return p;
}

function runInLane(
  state: Lane,
  task: WorkerTask,
  onProgress: (progress: number, note: string) => void,
  signal?: AbortSignal,
  input?: AsyncIterable<Uint8Array>,
): Promise<{ result: unknown; maxRssMb: number }> {
  const current = state.worker;
  const renderer = rendererOf(task);
  // An idle worker started for another renderer is replaced: its sandbox does not show this one.
  if (current && !current.gone && !current.busy && current.renderer !== renderer) stop(state, current);
  const w =
    state.worker && !state.worker.gone && !state.worker.busy
      ? state.worker
      : (state.worker = startWorker(state, renderer));
  clearTimeout(w.idle);
  return new Promise((resolve, reject) => {
    // Stopped: the task fails now, even if the worker's answer is already on its way (it finished while this
    // process was busy), so that a job stopped for its time limit or taken over by another server never ends
    // as if it had finished.
    const onAbort = () => {
      const p = w.busy;
      w.busy = null;
      stop(state, w);
      p?.reject(new WorkerProcessError('The PDF worker was stopped before it finished.'));
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    w.busy = { resolve: (r) => (done(), resolve(r)), reject: (err) => (done(), reject(err)), onProgress };
    w.child.channel?.ref(); // while it works, the server waits for it
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    w.child.send(task, (err) => {
      if (err) stop(state, w);
      else if (input) void sendInput(w, input);
    });
  });
}

/**
 * Runs one PDF task in the PDF worker (started if there is none). Resolves with what was stored and the
 * worker's peak RSS; rejects with the worker's own message when the build failed, or says how the worker
 * stopped. `signal` stops the worker (the job's lease was lost to another server).
 */
export async function runPdfWorker(
  task: PdfTask,
  onProgress: (progress: number, note: string) => void,
  signal?: AbortSignal,
): Promise<{ result: StoredPdf; maxRssMb: number }> {
  const { result, maxRssMb } = await runInLane(pdfLane, task, onProgress, signal);
  return { result: result as StoredPdf, maxRssMb };
}

// Previews go to their worker one after another (uploads of many files ask for many at once).
let previewChain: Promise<unknown> = Promise.resolve();

/**
 * How long one preview may take before its worker is stopped (the preview then counts as failed and the next
 * one gets a new worker). pdftoppm has its own 15 s limit; this one covers the image decoders, which cannot be
 * interrupted otherwise (heic-convert takes about 5 s for a 12-megapixel photo on this machine). Tests shorten it.
 */
export const previewLimits = { timeMs: 60_000 };

/**
 * Makes one preview in the preview worker, after those already asked for: its WebP bytes, or null for none.
 * `encrypted` opens the stored file's bytes, as stored; the worker decrypts them with the task's data key.
 */
export function runPreviewWorker(
  task: PreviewTask,
  encrypted: () => Promise<AsyncIterable<Uint8Array>>,
): Promise<Buffer | null> {
  const run = previewChain.then(async () => {
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(), previewLimits.timeMs);
    const source = await encrypted();
    try {
      return await runInLane(previewLane, task, () => undefined, limit.signal, source);
    } catch (err) {
      if (limit.signal.aborted)
        throw new WorkerProcessError(`The preview took longer than ${previewLimits.timeMs / 1000} s and was stopped.`);
      throw err;
    } finally {
      clearTimeout(timer);
      (source as Partial<Readable>).destroy?.(); // not read to its end when the worker stopped first
    }
  });
  previewChain = run.catch(() => undefined);
  return run.then(({ result }) => {
    const bytes = result as Uint8Array | null;
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  });
}

/** Stops the workers now (tests, and a server shutting down). */
export function stopPdfWorker(): void {
  for (const state of [pdfLane, previewLane]) if (state.worker) stop(state, state.worker);
}

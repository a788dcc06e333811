import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Readable } from 'node:stream';

// Runs short-lived tools (pdftoppm for previews) from a small helper process instead of from the
// server. Starting a program from the server forks the whole server first: with a few hundred MB
// resident that took ~30 ms of the server's only thread per preview (measured with --cpu-prof while
// 100 small PDFs were uploaded), time every request waiting behind it lost. The helper is a bare
// `node -e` process of a few MB, started once on first use; it forks cheaply. It gets no environment
// but PATH, runs each tool without a shell, kills it after its time limit or when its output passes
// the limit, and hands back its standard output. If the helper dies, the tools it was running count
// as failed and the next use starts a new one.

/**
 * The helper's nice value, which the tools it starts inherit: they make previews after the answer has gone,
 * and give way on a busy machine to the requests the server is serving.
 */
export const TOOL_NICENESS = 10;
/** Gives a child process the nice value `nice`; where that is not allowed, it runs at its parent's priority. */
export function lowerPriority(child: ChildProcess, nice: number): void {
  if (!child.pid) return;
  try {
    os.setPriority(child.pid, nice);
  } catch {
    // Not allowed here.
  }
}

/** What a stream is sent to the helper in: about 1 MiB a message rather than one per 64 KiB piece. */
const SEND_BATCH = 1024 * 1024;

const RELAY_SOURCE = `
const { spawn } = require('node:child_process');
const jobs = new Map();
const done = (id, out) => { if (jobs.delete(id)) process.send({ t: 'done', id, out }); };
process.on('message', (m) => {
  if (m.t === 'start') {
    let child;
    try {
      child = spawn(m.command, m.args, { stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH } });
    } catch {
      process.send({ t: 'done', id: m.id, out: null });
      return;
    }
    const out = [];
    let size = 0;
    let over = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), m.timeoutMs);
    jobs.set(m.id, child);
    child.stdin.on('error', () => {});
    child.stdout.on('data', (d) => {
      size += d.length;
      if (size > m.maxBytes) { over = true; child.kill('SIGKILL'); } else out.push(d);
    });
    child.on('error', () => { clearTimeout(timer); done(m.id, null); });
    child.on('close', (code) => { clearTimeout(timer); done(m.id, code === 0 && !over ? Buffer.concat(out) : null); });
  } else if (m.t === 'data') {
    jobs.get(m.id)?.stdin.write(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  } else if (m.t === 'end') {
    jobs.get(m.id)?.stdin.end();
  } else if (m.t === 'kill') {
    jobs.get(m.id)?.kill('SIGKILL');
  }
});
// The process that started the helper has gone (or stopped it): so do the tools it was running.
process.on('disconnect', () => { for (const child of jobs.values()) child.kill('SIGKILL'); process.exit(0); });
`;

type Pending = { resolve: (out: Buffer | null) => void; timer: NodeJS.Timeout };
type RelayState = { child?: ChildProcess; pending: Map<number, Pending>; next: number };
// One helper per server process, even where Next loads this module in more than one module graph.
const state: RelayState = ((globalThis as { __reinstateToolRelay?: RelayState }).__reinstateToolRelay ??= {
  pending: new Map(),
  next: 1,
});

function relay(): ChildProcess {
  if (state.child && state.child.connected) return state.child;
  const env = { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv; // eslint-disable-line no-restricted-properties -- passed on, not configuration
  const child: ChildProcess = spawn(process.execPath, ['-e', RELAY_SOURCE], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
    env,
  });
  child.on('message', (m: { t: string; id: number; out: Uint8Array | null }) => {
    if (m.t === 'done') settle(m.id, m.out ? Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength) : null);
  });
  const lost = () => {
    if (state.child === child) state.child = undefined;
    for (const id of [...state.pending.keys()]) settle(id, null);
  };
  child.on('exit', lost);
  child.on('error', lost);
  lowerPriority(child, TOOL_NICENESS);
  state.child = child;
  return child;
}

/** The helper keeps the server alive only while it is running something (tests, a server shutting down). */
function holdOpen(child: ChildProcess | undefined, busy: boolean): void {
  const channel = child?.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (busy) {
    child?.ref();
    channel?.ref?.();
  } else {
    child?.unref();
    channel?.unref?.();
  }
}

function settle(id: number, out: Buffer | null): void {
  const p = state.pending.get(id);
  if (!p) return;
  state.pending.delete(id);
  clearTimeout(p.timer);
  if (state.pending.size === 0) holdOpen(state.child, false);
  p.resolve(out);
}

const send = (child: ChildProcess, message: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!child.connected) return reject(new Error('tool helper gone'));
    child.send(message as object, (err) => (err ? reject(err) : resolve()));
  });

/**
 * Runs `command args` with `input` on its standard input (a stream is passed on as it is read) and
 * resolves with its standard output, or null when it fails, exits non-zero, is not installed, runs
 * past `timeoutMs` or writes more than `maxBytes`. Never rejects.
 */
export async function runTool(
  command: string,
  args: string[],
  input: Buffer | Readable,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<Buffer | null> {
  let child: ChildProcess;
  try {
    child = relay();
  } catch {
    return null;
  }
  const id = state.next++;
  const result = new Promise<Buffer | null>((resolve) => {
    // The helper enforces the limit; this one only covers a helper that stopped answering.
    const timer = setTimeout(() => settle(id, null), limits.timeoutMs + 5_000);
    state.pending.set(id, { resolve, timer });
  });
  holdOpen(child, true);
  try {
    await send(child, { t: 'start', id, command, args, timeoutMs: limits.timeoutMs, maxBytes: limits.maxBytes });
    if (Buffer.isBuffer(input)) {
      await send(child, { t: 'data', id, data: input });
    } else {
      let batch: Buffer[] = [];
      let batched = 0;
      for await (const chunk of input) {
        if (!state.pending.has(id)) break; // it has finished (or failed) without reading everything
        batch.push(chunk as Buffer);
        batched += (chunk as Buffer).length;
        if (batched >= SEND_BATCH) {
          await send(child, { t: 'data', id, data: Buffer.concat(batch, batched) });
          batch = [];
          batched = 0;
        }
      }
      if (batched && state.pending.has(id)) await send(child, { t: 'data', id, data: Buffer.concat(batch, batched) });
    }
    await send(child, { t: 'end', id });
  } catch {
    // A source that fails (a stored file that does not decrypt) gives no output: never a page of part of it.
    await send(child, { t: 'kill', id }).catch(() => undefined);
    settle(id, null);
  } finally {
    if (!Buffer.isBuffer(input)) input.destroy();
  }
  return result;
}

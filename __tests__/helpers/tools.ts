import { spawn, type ChildProcess } from 'node:child_process';

// Command-line tools (pdftotext, qpdf, unzip) for tests, started from one small helper process per test
// file instead of from the test's own process. Starting a program forks the process that asks for it: from
// a jest worker holding a database and a gigabyte of heap, one pdftotext of a letter took 60 ms (23 ms from
// a bare node process), and the copied page tables cost the worker more system time after each fork. The
// audience invariant runs a few thousand tools per run. Same tools, same checks: only who forks changes.

const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
process.on('message', (m) => {
  const out = [];
  const err = [];
  let child;
  try {
    child = spawn(m.command, m.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    process.send({ id: m.id, code: -1, stdout: new Uint8Array(), stderr: String(e) });
    return;
  }
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.stdin.on('error', () => {});
  child.on('error', (e) => err.push(Buffer.from(String(e))));
  child.on('close', (code) =>
    process.send({ id: m.id, code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
  );
  child.stdin.end(m.input ? Buffer.from(m.input.buffer, m.input.byteOffset, m.input.byteLength) : undefined);
});
process.on('disconnect', () => process.exit(0));
`;

type Result = { code: number; stdout: Buffer; stderr: string };
type State = { child?: ChildProcess; next: number; pending: Map<number, (r: Result) => void> };
const state: State = ((globalThis as { __testTools?: State }).__testTools ??= { next: 1, pending: new Map() });

function helper(): ChildProcess {
  if (state.child?.connected) return state.child;
  const child = spawn(process.execPath, ['-e', HELPER_SOURCE], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  child.on('message', (m: { id: number; code: number; stdout: Uint8Array; stderr: string }) => {
    const resolve = state.pending.get(m.id);
    state.pending.delete(m.id);
    if (state.pending.size === 0) hold(child, false);
    resolve?.({
      code: m.code,
      stdout: Buffer.from(m.stdout.buffer, m.stdout.byteOffset, m.stdout.byteLength),
      stderr: m.stderr,
    });
  });
  child.on('exit', () => {
    if (state.child === child) state.child = undefined;
    for (const [id, resolve] of state.pending) {
      state.pending.delete(id);
      resolve({ code: -1, stdout: Buffer.alloc(0), stderr: 'the tool helper stopped' });
    }
  });
  state.child = child;
  return child;
}

/** The helper keeps the test process alive only while a tool is running. */
function hold(child: ChildProcess, busy: boolean): void {
  const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (busy) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}

/** Runs `command args` (no shell) with `input` on its standard input; throws with its standard error unless it exits 0. */
export async function runTool(command: string, args: string[], input?: Buffer): Promise<Buffer> {
  const child = helper();
  const id = state.next++;
  const result = new Promise<Result>((resolve) => state.pending.set(id, resolve));
  hold(child, true);
  child.send({ id, command, args, input });
  const { code, stdout, stderr } = await result;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
  return stdout;
}

/** A PDF's text as `pdftotext -layout` reads it. */
export async function pdfText(bytes: Buffer): Promise<string> {
  return (await runTool('pdftotext', ['-layout', '-', '-'], bytes)).toString('utf8');
}

/** Ends the helper (setup-after-env.ts, after each test file). */
export function stopTools(): void {
  state.child?.kill();
  state.child = undefined;
}

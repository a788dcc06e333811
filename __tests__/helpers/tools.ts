import { runTool as relayTool } from '@/lib/evidence/tool-relay';

// Command-line tools (pdftotext, unzip) for tests, started through the app's tool helper (lib/evidence/tool-relay.ts:
// one small process that forks the tools) instead of from the test's own process. Starting a program forks the
// process that asks for it: from a jest worker holding a database and a gigabyte of heap, one pdftotext of a letter
// took 60 ms (23 ms from a bare node process), and the copied page tables cost the worker more system time after
// each fork. The audience invariant runs a few thousand tools per run. Same tools, same checks: only who forks changes.

const LIMITS = { timeoutMs: 120_000, maxBytes: 256 * 1024 * 1024 };

/** Runs `command args` (no shell) with `input` on its standard input; throws unless it exits 0 in time. */
export async function runTool(command: string, args: string[], input: Buffer = Buffer.alloc(0)): Promise<Buffer> {
  const out = await relayTool(command, args, input, LIMITS);
  if (!out)
    throw new Error(`${command} ${args.join(' ')} failed: not installed, a non-zero exit, or past its time limit`);
  return out;
}

/** A PDF's text as `pdftotext -layout` reads it. */
export async function pdfText(bytes: Buffer): Promise<string> {
  return (await runTool('pdftotext', ['-layout', '-', '-'], bytes)).toString('utf8');
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * Whether a process still runs. A process that has exited but not yet been reaped (a zombie) counts as gone, so
 * not `process.kill(pid, 0)`, which still reaches one: a killed server's web processes are reparented to this
 * machine's init, which reaps them seconds later.
 */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Runs TypeScript `source` in a fresh Node process (through tsx) and returns the JSON its last line of output
 * prints: for what a test runner's own process cannot show (its heap, the modules it has loaded).
 */
export function runScriptForJson<T>(source: string, timeoutMs = 60_000): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-script-'));
  const script = path.join(dir, 'script.ts');
  fs.writeFileSync(script, source);
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: timeoutMs });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

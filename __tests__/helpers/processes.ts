import fs from 'node:fs';

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

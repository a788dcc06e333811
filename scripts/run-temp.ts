import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A temp folder of a test run's own, made the temp directory of this process and of everything it starts (TMPDIR):
 * the servers' data folders and logs, Chromium's profiles, fixtures. `leave(code)` removes it when the run passed
 * and keeps it, and says where, when it did not, for the servers' logs. Runs used to leave theirs behind (about
 * 0.25 GB a browser-suite run on the embedded database, 5 Dec 2026).
 */
export function runTemp(prefix: string): { dir: string; leave: (code: number) => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  process.env.TMPDIR = dir;
  return {
    dir,
    leave(code) {
      if (code === 0) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      else console.error(`The run's temporary files, the servers' logs among them, are kept in ${dir}.`);
    },
  };
}

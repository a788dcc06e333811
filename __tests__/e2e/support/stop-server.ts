import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default async function stopServer(): Promise<void> {
  const file = path.join(os.tmpdir(), 'reinstate-e2e.json');
  if (!fs.existsSync(file)) return;
  const { pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
  try {
    process.kill(-pid, 'SIGTERM'); // the whole group: tsx, the start script and next
  } catch {
    /* already stopped */
  }
  fs.rmSync(file, { force: true });
}

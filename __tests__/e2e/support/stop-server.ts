import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropServerDatabase } from './server-database';

export default async function stopServer(): Promise<void> {
  if (process.env.E2E_SHARED_SERVER === 'off') return; // none was started, and the one named in the file is not ours
  const file = path.join(os.tmpdir(), 'reinstate-e2e.json');
  if (!fs.existsSync(file)) return;
  const { pid, database } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; database?: string | null };
  try {
    process.kill(-pid, 'SIGTERM'); // the whole group: tsx, the start script and next
  } catch {
    /* already stopped */
  }
  fs.rmSync(file, { force: true });
  await dropServerDatabase(database ?? null).catch(() => undefined);
}

import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { runBackup } from './run-backup';

// Daily backups made by the running app when BACKUP_DIR is set: from BACKUP_HOUR (UK time), once a day, the
// server writes an archive into BACKUP_DIR and deletes all but the newest BACKUP_KEEP. Several servers
// (PostgreSQL): a lock file in BACKUP_DIR lets one of them make the day's archive; the others see it there.

const CHECK_EVERY_MS = 15 * 60_000;
const ARCHIVE = /^reinstate-(\d{4}-\d{2}-\d{2})T[\d-]+Z\.backup$/;
let timer: NodeJS.Timeout | undefined;

const ukDayHour = (now: Date) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
};

/** Archives in `dir`, oldest first. */
export function listArchives(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => ARCHIVE.test(n))
    .sort();
}

/** Deletes all but the newest `keep` archives; returns the names deleted. */
export function pruneArchives(dir: string, keep: number): string[] {
  const all = listArchives(dir);
  const gone = all.slice(0, Math.max(0, all.length - keep));
  for (const n of gone) fs.rmSync(path.join(dir, n), { force: true });
  return gone;
}

/** One check: makes today's archive once the hour has come, if none from today (UTC date in its name) is there. */
export async function backupTick(now = new Date()): Promise<string | null> {
  const env = getEnv();
  if (!env.BACKUP_DIR) return null;
  const dir = path.resolve(env.BACKUP_DIR);
  const { hour } = ukDayHour(now);
  if (hour < env.BACKUP_HOUR) return null;
  const today = now.toISOString().slice(0, 10);
  if (listArchives(dir).some((n) => ARCHIVE.exec(n)![1] === today)) return null;
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, `.backup-${today}.lock`);
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return null; // another server is making it (or one died making it: the lock is removed below, or tomorrow's is new)
  }
  try {
    const result = await runBackup(dir);
    const gone = pruneArchives(dir, env.BACKUP_KEEP);
    console.log(
      `[backup] daily archive ${result.file} (${result.bytes} bytes, ${result.ms} ms)${gone.length ? `; deleted ${gone.length} older` : ''}`,
    );
    return result.file;
  } catch (err) {
    console.error(
      '[backup] the daily backup failed; will try again at the next check:',
      err instanceof Error ? err.message : err,
    );
    return null;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Started by the server (instrumentation.ts) when BACKUP_DIR is set. */
export function startBackupSchedule(): void {
  if (timer || !getEnv().BACKUP_DIR) return;
  timer = setInterval(() => void backupTick(), CHECK_EVERY_MS);
  timer.unref();
  setTimeout(() => void backupTick(), 60_000).unref();
}

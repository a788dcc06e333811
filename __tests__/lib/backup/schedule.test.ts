import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The daily backup: BACKUP_DIR, BACKUP_HOUR (UK time), BACKUP_KEEP. getEnv() is read once per file, so the
// variables are set before anything loads it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-backup-schedule-'));
process.env.BACKUP_DIR = dir;
process.env.BACKUP_HOUR = '2';
process.env.BACKUP_KEEP = '3';

jest.setTimeout(120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('before the hour nothing; after it one archive a day; older ones beyond BACKUP_KEEP deleted', async () => {
  const { backupTick, listArchives } = await import('@/lib/backup/schedule');
  // Four archives from earlier days (names only matter to pruning).
  for (const d of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'])
    fs.writeFileSync(path.join(dir, `reinstate-${d}T02-00-00Z.backup`), 'old');
  expect(await backupTick(new Date('2026-11-30T01:30:00Z'))).toBeNull(); // 01:30 UK: before BACKUP_HOUR
  const made = await backupTick(new Date('2026-11-30T02:30:00Z'));
  expect(made).not.toBeNull();
  expect(fs.statSync(made!).mode & 0o777).toBe(0o600);
  // Kept: the newest three, the new one among them.
  const names = listArchives(dir);
  expect(names).toHaveLength(3);
  expect(names).not.toContain('reinstate-2026-11-20T02-00-00Z.backup');
  expect(names).not.toContain('reinstate-2026-11-21T02-00-00Z.backup');
  expect(names.at(-1)).toBe(path.basename(made!));
  // The new archive is named by the real time it was made; a second check the same day makes none.
  const today = path.basename(made!).slice(10, 20);
  expect(await backupTick(new Date(`${today}T12:00:00Z`))).toBeNull();
  expect(listArchives(dir)).toHaveLength(3);
});

import { db } from '@/lib/db/client';
import { maintainEmbeddedDatabase } from '@/lib/db/maintenance';
import { makeCase } from '../../helpers/factories';

// The embedded database has no autovacuum: the daily job vacuums and analyses it (lib/db/maintenance.ts).

const lastRun = async (table: string) =>
  (
    await db.$queryRaw<{ vacuumed: Date | null; analysed: Date | null }[]>`
      SELECT last_vacuum AS vacuumed, last_analyze AS analysed FROM pg_stat_user_tables WHERE relname = ${table}`
  )[0];

test('on the embedded database every table is vacuumed and analysed; a PostgreSQL server is left to autovacuum', async () => {
  const c = await makeCase();
  await db.case.update({ where: { id: c.kase.id }, data: { summary: 'Changed, leaving a dead row version' } });
  const before = new Date(Date.now() - 1000);
  const done = await maintainEmbeddedDatabase();
  if (process.env.DATABASE_URL) {
    expect(done).toBeNull();
    return;
  }
  expect(done).toEqual({ ms: expect.any(Number) });
  for (const table of ['Case', 'TimelineEvent', 'Job', 'Session', 'AuditLog']) {
    const row = await lastRun(table);
    expect({ table, vacuumed: row!.vacuumed! >= before, analysed: row!.analysed! >= before }).toEqual({
      table,
      vacuumed: true,
      analysed: true,
    });
  }
  // The database still answers as before.
  expect((await db.case.findUnique({ where: { id: c.kase.id } }))?.summary).toBe('Changed, leaving a dead row version');
});

import { db } from '@/lib/db/client';
import { addEventAction } from '@/lib/timeline/actions';
import { reminderTick } from '@/lib/reminders/schedule';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

// The server's own daily run (embedded database: only the server may open it). Before the hour
// nothing happens; after it, one digest per person; further checks that day send nothing.
test('the in-server schedule sends once per day after the configured UK hour', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  actAs(caseworker);
  const res = await addEventAction({ caseId: kase.id, type: 'SAR_SENT', date: { precision: 'DAY', year: 2025, month: 1, day: 6 }, title: 'Old SAR' });
  expect(res.ok).toBe(true);

  await reminderTick(new Date('2026-11-23T06:30:00Z')); // 06:30 in London (GMT): too early
  expect(await db.reminderDigest.count({ where: { userId: caseworker.id } })).toBe(0);

  await reminderTick(new Date('2026-11-23T07:05:00Z'));
  const rows = await db.reminderDigest.findMany({ where: { userId: caseworker.id } });
  expect(rows).toHaveLength(1);
  expect(rows[0]!.day.toISOString().slice(0, 10)).toBe('2026-11-23');
  expect(rows[0]!.sentAt).not.toBeNull();

  await reminderTick(new Date('2026-11-23T09:00:00Z'));
  expect(await db.reminderDigest.count({ where: { userId: caseworker.id } })).toBe(1);
  // In summer the hour is British Summer Time: 06:30 UTC is 07:30 in London.
  await reminderTick(new Date('2027-06-01T06:30:00Z'));
  expect(await db.reminderDigest.count({ where: { userId: caseworker.id } })).toBe(2);
});

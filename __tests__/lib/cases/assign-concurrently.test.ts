import { db } from '@/lib/db/client';
import { assignCaseworkerAction } from '@/lib/cases/actions';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

// Six coordinators' clicks at once for the same caseworker and case: the case row is locked while
// checking, so exactly one assignment exists afterwards and ending it really ends access.
test('simultaneous assignments of the same caseworker create one assignment', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase();
  actAs(coordinator);
  await db.$queryRaw`SELECT 1`; // warm the pool so the calls really overlap on PostgreSQL
  const results = await Promise.all(
    Array.from({ length: 6 }, () => assignCaseworkerAction({ caseId: kase.id, caseworkerId: caseworker.id })),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(
    results.filter((r) => !r.ok).every((r) => !r.ok && r.fieldErrors?.caseworkerId?.includes('already assigned')),
  ).toBe(true);
  expect(await db.assignment.count({ where: { caseId: kase.id, caseworkerId: caseworker.id, endedAt: null } })).toBe(1);
});

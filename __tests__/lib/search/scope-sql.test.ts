import { Prisma } from '@/lib/db/generated/client';
import { db } from '@/lib/db/client';
import { caseScope, type Actor } from '@/lib/auth/policy';
import { itemsForReader } from '@/lib/auth/audience';
import { caseScopeSql, itemsForReaderSql } from '@/lib/auth/scope-sql';
import { makeCase, makeEvent, makeUser } from '../../helpers/factories';

// Search filters in SQL (lib/auth/scope-sql.ts). These say the same as the policy module's Prisma filters:
// for every kind of reader and every state a case can be in, both pick exactly the same rows.

async function cases() {
  const caseworker = await makeUser('CASEWORKER');
  const otherCaseworker = await makeUser('CASEWORKER');
  const { kase: assigned, member } = await makeCase({ caseworker });
  const { kase: noConsent } = await makeCase({ caseworker, consent: false });
  const { kase: withdrawn } = await makeCase({ caseworker });
  await db.case.update({ where: { id: withdrawn.id }, data: { consentWithdrawnAt: new Date() } });
  const { kase: ended } = await makeCase({ caseworker });
  await db.assignment.updateMany({ where: { caseId: ended.id }, data: { endedAt: new Date() } });
  const { kase: othersAssigned } = await makeCase({ caseworker: otherCaseworker });
  const { kase: sameMember } = await makeCase({ member });
  const { kase: offline } = await makeCase({ member: null, caseworker });
  const ids = [assigned, noConsent, withdrawn, ended, othersAssigned, sameMember, offline].map((c) => c.id);
  return { caseworker, otherCaseworker, member: member!, ids, assigned };
}

test('caseScopeSql picks the same cases as caseScope, for every kind of reader', async () => {
  const w = await cases();
  const readers: Actor[] = [
    w.caseworker,
    w.otherCaseworker,
    w.member,
    await makeUser('MEMBER'),
    await makeUser('COORDINATOR'),
  ];
  for (const actor of readers) {
    const byPrisma = await db.case.findMany({
      where: { AND: [{ id: { in: w.ids } }, caseScope(actor)] },
      select: { id: true },
    });
    const bySql = await db.$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Case" c WHERE c."id" IN (${Prisma.join(w.ids)}) AND ${caseScopeSql(actor, 'c')}`;
    expect(bySql.map((r) => r.id).sort()).toEqual(byPrisma.map((r) => r.id).sort());
  }
  // Not vacuous: the readers see different sets.
  const sizes = await Promise.all(
    readers.map((a) => db.case.count({ where: { AND: [{ id: { in: w.ids } }, caseScope(a)] } })),
  );
  expect(sizes).toEqual([2, 1, 2, 0, 7]); // the caseworker: the assigned case and the offline member’s
});

test('itemsForReaderSql picks the same timeline entries as itemsForReader', async () => {
  const w = await cases();
  const shared = await makeEvent(w.assigned.id, w.caseworker.id, 'SHARED');
  const hidden = await makeEvent(w.assigned.id, w.caseworker.id, 'CASEWORKERS');
  const ids = [shared.id, hidden.id];
  for (const [actor, expected] of [
    [w.member, [shared.id]],
    [w.caseworker, ids],
    [await makeUser('COORDINATOR'), ids],
  ] as const) {
    const byPrisma = await db.timelineEvent.findMany({
      where: { id: { in: ids }, ...itemsForReader(actor) },
      select: { id: true },
    });
    const bySql = await db.$queryRaw<{ id: string }[]>`
      SELECT e."id" FROM "TimelineEvent" e WHERE e."id" IN (${Prisma.join(ids)}) AND ${itemsForReaderSql(actor, 'e')}`;
    expect(bySql.map((r) => r.id).sort()).toEqual(byPrisma.map((r) => r.id).sort());
    expect(bySql.map((r) => r.id).sort()).toEqual([...expected].sort());
  }
});

test('an actor without an id or role is refused, never given every case', () => {
  expect(() => caseScopeSql({ id: '', role: 'COORDINATOR' }, 'c')).toThrow();
  expect(() => caseScopeSql(undefined as unknown as Actor, 'c')).toThrow();
});

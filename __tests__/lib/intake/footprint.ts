import { db } from '@/lib/db/client';

/** Everything an intake by this user could have written, counted; compare before and after a refused call. */
export async function intakeFootprint(userId: string) {
  const [people, cases, sanctions, events, audit, drafts] = await Promise.all([
    db.person.count({ where: { userId } }),
    db.case.count({ where: { person: { userId } } }),
    db.sanction.count({ where: { case: { person: { userId } } } }),
    db.timelineEvent.count({ where: { case: { person: { userId } } } }),
    db.auditLog.count({ where: { actorId: userId } }),
    db.intakeDraft.count({ where: { userId } }),
  ]);
  return { people, cases, sanctions, events, audit, drafts };
}

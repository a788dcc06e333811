import type { Tx } from '../db/client';

// Demo data for issue 10, points 7–9: branch constituencies (shown and edited on the settings page),
// two entries on the same day put in order by hand, and a letter draft to come back to, all on the
// demo member's case (Peter Lowry), so the caseworker and the member can see them.

type Audit = (entityType: string, entityId: string, fields: string[], caseId?: string | null) => Promise<void>;

/** Parliamentary constituencies of some demo branches (fictional, like the branches). Others are left blank to fill in. */
const CONSTITUENCIES: Record<string, string> = {
  'Hollowmere North': 'Hollowmere North',
  'Greyfriars and Wickham': 'Greyfriars',
  'Kelder Valley': 'Kelder Valley and Ashcombe',
  'Thornwick East': 'Thornwick and Ridgeley',
  Penmarrow: 'Penmarrow and Tresco Bay',
  'Cwm Tawel': 'Tawel Valley',
};

export async function seedLettersOrderDemo(
  tx: Tx,
  { users, audit }: { users: Record<'caseworker' | 'member', string>; audit: Audit },
): Promise<void> {
  for (const [name, constituency] of Object.entries(CONSTITUENCIES)) {
    const branch = await tx.branch.findUnique({ where: { name }, select: { id: true, constituency: true } });
    if (!branch || branch.constituency) continue;
    await tx.branch.update({ where: { id: branch.id }, data: { constituency } });
    await audit('Branch', branch.id, ['constituency']);
  }

  const kase = await tx.case.findFirst({
    where: { person: { userId: users.member } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, createdAt: true },
  });
  if (!kase) return;

  // The SAR response arrived with a covering letter on the same day. The covering letter was added
  // later, but a caseworker moved it up, so it reads first (on the timeline and in a bundle).
  const sarResponse = await tx.timelineEvent.findFirst({
    where: { caseId: kase.id, type: 'SAR_RESPONSE_RECEIVED' },
    select: { id: true, occurredOn: true },
  });
  if (sarResponse) {
    const covering = await tx.timelineEvent.create({
      data: {
        caseId: kase.id,
        type: 'LETTER_RECEIVED',
        occurredOn: sarResponse.occurredOn,
        datePrecision: 'DAY',
        position: 0,
        version: 2,
        title: 'Covering letter from the data protection officer with the SAR response',
        createdById: users.caseworker,
        createdAt: new Date(kase.createdAt.getTime() + 60 * 60_000),
      },
      select: { id: true },
    });
    await audit('TimelineEvent', covering.id, ['type', 'occurredOn', 'datePrecision', 'title', 'position'], kase.id);
    await tx.timelineEvent.update({ where: { id: sarResponse.id }, data: { position: 1, version: { increment: 1 } } });
    await audit('TimelineEvent', sarResponse.id, ['position'], kase.id);
  }

  // A request for particulars the caseworker started and saved to finish later.
  const draft = await tx.letterDraft.create({
    data: {
      caseId: kase.id,
      templateKey: 'request-for-particulars',
      createdById: users.caseworker,
      data: { step: 'details', values: { sender_name: 'Peter Lowry' } },
    },
    select: { id: true },
  });
  await audit('LetterDraft', draft.id, ['templateKey', 'data'], kase.id);
}

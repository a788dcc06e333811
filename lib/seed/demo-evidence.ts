import { Readable } from 'node:stream';
import { db } from '../db/client';
import { getBlobStore } from '../evidence/storage';
import { encryptToStore } from '../evidence/crypto';
import { newStorageKey, nextExhibitNumber } from '../evidence/file-evidence';
import { writeAudit } from '../audit/write-audit';
import { DEMO_USERS } from './demo-seed';

// Fictional text exhibits, encrypted like real uploads: three on the demo member's case, one caseworker-only
// item there, and one on another member's case, so the evidence tab and the access tests have something to
// show. Runs only right after the demo seed created its data.
const LETTER = `Dear Mr Lowry,

Notice of administrative suspension

It has been brought to our attention that at a meeting of your branch you allowed a motion to be
debated which had been ruled out of order. You are administratively suspended from membership
pending investigation. You must not attend party meetings or stand as a candidate.

Governance and Legal Unit
`;
const POST = `Address: https://social.example/peter.lowry/posts/1
Seen: Mar 2025

Good luck to our MP tonight. Whatever happens with the whip, she has served this town well.
`;

/** Computes the demo cases' deadlines from their timelines, as every timeline write does. */
export async function seedDemoDeadlines(): Promise<void> {
  const { syncDeadlines } = await import('../deadlines/sync-deadlines');
  for (const c of await db.case.findMany({ select: { id: true } }))
    await db.$transaction((tx) => syncDeadlines(tx, c.id));
}

const ADVICE = `Call with the union adviser, 1 September 2025 (without prejudice).\n\nShe thinks the suspension letter does not say which rule was broken, and that I should ask for the particulars before replying.\n`;

const RESEARCH = `Emails between the regional office and the complainant, March 2025.\n\nThey discuss "finding something" on Peter before the branch AGM.\n`;
const MINUTES = `Minutes of the branch meeting, 12 June 2025.\n\nThe chair allowed the motion on the ceasefire to be debated after a vote of the meeting.\n`;

export async function seedDemoEvidence(): Promise<number> {
  const member = await db.user.findUnique({
    where: { email: DEMO_USERS.member.email },
    select: { id: true, person: { select: { cases: { select: { id: true }, take: 1 } } } },
  });
  const caseworker = await db.user.findUnique({ where: { email: DEMO_USERS.caseworker.email }, select: { id: true } });
  const coordinator = await db.user.findUnique({
    where: { email: DEMO_USERS.coordinator.email },
    select: { id: true },
  });
  const caseId = member?.person?.cases[0]?.id;
  // Another member's case (the first one), which the demo member and caseworker may not open.
  const otherCase = await db.case.findFirst({
    where: { id: { not: caseId }, assignments: { none: { caseworkerId: caseworker?.id } } },
    orderBy: { reference: 'asc' },
    select: { id: true },
  });
  if (!member || !caseworker || !coordinator || !caseId || (await db.evidence.count({ where: { caseId } })) > 0)
    return 0;
  const shared = { visibility: 'SHARED' as const, caseId, createdById: member.id };
  const items = [
    {
      ...shared,
      title: 'Suspension letter',
      kind: 'LETTER' as const,
      name: 'suspension-letter.txt',
      text: LETTER,
      source: 'Governance and Legal Unit (email)',
      occurredOn: new Date('2025-07-02'),
      datePrecision: 'DAY' as const,
      privileged: false,
      withoutPrejudice: false,
    },
    {
      ...shared,
      title: 'The post they cited',
      kind: 'SOCIAL_POST' as const,
      name: 'captured-post.txt',
      text: POST,
      source: 'https://social.example/peter.lowry/posts/1',
      occurredOn: new Date('2025-01-01'),
      datePrecision: 'APPROXIMATE' as const,
      privileged: false,
      withoutPrejudice: false,
    },
    // Kept out of a bundle unless someone includes it on purpose: it shows the pre-flight at work.
    {
      ...shared,
      title: 'Notes from a call with a union adviser (without prejudice)',
      kind: 'DOCUMENT' as const,
      name: 'adviser-notes.txt',
      text: ADVICE,
      source: 'Union adviser',
      occurredOn: new Date('2025-09-01'),
      datePrecision: 'DAY' as const,
      privileged: false,
      withoutPrejudice: true,
    },
    // Caseworkers only, with a note on where it came from: the member never sees it, and it goes in no bundle for others.
    {
      caseId,
      createdById: caseworker.id,
      visibility: 'CASEWORKERS' as const,
      title: 'Caseworker research: regional office emails',
      kind: 'EMAIL' as const,
      name: 'regional-office.txt',
      text: RESEARCH,
      source: 'Forwarded by a regional office employee. Do not disclose who.',
      occurredOn: new Date('2025-03-10'),
      datePrecision: 'MONTH' as const,
      privileged: false,
      withoutPrejudice: false,
    },
    ...(otherCase
      ? [
          {
            caseId: otherCase.id,
            createdById: coordinator.id,
            visibility: 'SHARED' as const,
            title: 'Branch minutes',
            kind: 'DOCUMENT' as const,
            name: 'minutes.txt',
            text: MINUTES,
            source: 'Branch secretary',
            occurredOn: new Date('2025-06-12'),
            datePrecision: 'DAY' as const,
            privileged: false,
            withoutPrejudice: false,
          },
        ]
      : []),
  ];
  for (const item of items) {
    const key = newStorageKey(item.caseId);
    const stored = await encryptToStore(getBlobStore(), key, Readable.from([Buffer.from(item.text)]), {});
    await db.$transaction(async (tx) => {
      const created = await tx.evidence.create({
        data: {
          caseId: item.caseId,
          exhibitNumber: await nextExhibitNumber(tx, item.caseId),
          title: item.title,
          kind: item.kind,
          source: item.source,
          occurredOn: item.occurredOn,
          datePrecision: item.datePrecision,
          privileged: item.privileged,
          withoutPrejudice: item.withoutPrejudice,
          visibility: item.visibility,
          originalName: item.name,
          mimeType: 'text/plain',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          createdById: item.createdById,
        },
      });
      await writeAudit(tx, {
        actorId: null,
        action: 'seed.create',
        entityType: 'Evidence',
        entityId: created.id,
        caseId: item.caseId,
        fields: ['file', 'title'],
        userAgent: 'demo-seed',
      });
    });
  }
  return items.length;
}

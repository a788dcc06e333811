import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import type { BodyKind } from '@/lib/db/generated/enums';
import { addEvent } from '@/lib/timeline/event-services';
import { addEventSchema } from '@/lib/timeline/schemas';
import { buildLetterContext, type BuildLetterContextInput } from '@/lib/letters/context';
import { SOURCE_PATHS } from '@/lib/letters/sources';
import { NotFoundError } from '@/lib/errors';
import { ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// The context is read inside the caller's transaction, through the case scope, and never carries
// anything from a caseworker-only entry to a member.

const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });
const build = (input: BuildLetterContextInput) => db.$transaction((tx) => buildLetterContext(tx, input));

/** The organisation and the bodies the tests address letters to (created unless they exist). */
async function bodies(): Promise<
  Record<'GOVERNANCE_LEGAL_UNIT' | 'NCC', { name: string; postalAddress: string | null }>
> {
  const org =
    (await db.organisation.findFirst({ orderBy: { createdAt: 'asc' } })) ??
    (await db.organisation.create({ data: { name: 'The Party' } }));
  const body = (kind: BodyKind, name: string, postalAddress: string) =>
    db.body.upsert({
      where: { organisationId_kind: { organisationId: org.id, kind } },
      create: { organisationId: org.id, kind, name, postalAddress },
      update: {},
    });
  return {
    GOVERNANCE_LEGAL_UNIT: await body(
      'GOVERNANCE_LEGAL_UNIT',
      'Governance and Legal Unit',
      'Governance and Legal Unit, The Party, 1 Example Street, London SE1 7XX',
    ),
    NCC: await body(
      'NCC',
      'National Constitutional Committee',
      'NCC Secretariat, The Party, 1 Example Street, London SE1 7XX',
    ),
  };
}

async function fileLetter(caseId: string, eventId: string, createdById: string, title: string, sentOn: string) {
  return db.letter.create({
    data: {
      caseId,
      eventId,
      createdById,
      templateKey: 'subject-access-request',
      title,
      recipient: 'Governance and Legal Unit',
      body: 'text',
      document: {},
      sentOn: new Date(`${sentOn}T00:00:00Z`),
      textSha256: 'a'.repeat(64),
      pdfStorageKey: `test/${crypto.randomUUID()}`,
      pdfWrappedKey: 'k',
      pdfSha256: 'b'.repeat(64),
      pdfSizeBytes: 1,
    },
  });
}

const event = (
  actor: TestUser,
  caseId: string,
  type: 'SAR_SENT' | 'DECISION' | 'NOTICE_OF_INVESTIGATION' | 'LETTER_SENT',
  date: ReturnType<typeof day>,
  extra: { caseworkersOnly?: boolean; receivedOn?: string; windowDays?: number } = {},
) =>
  addEvent(
    actor,
    addEventSchema.parse({ caseId, type, date, title: `${type} ${date.year}-${date.month}-${date.day}`, ...extra }),
    ctx,
  );

test('fills the member, case, latest sanction, recipient and caseworker, with dates in UK form', async () => {
  const b = await bodies();
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member, person } = await makeCase({ caseworker });
  await db.person.update({
    where: { id: person.id },
    data: { postalAddress: '12 Rose Lane, Kelder, KV1 2AB', membershipNumber: 'L0482913' },
  });
  // The factory's suspension (Mar 2021), then a later expulsion: the later one is "the" sanction.
  await db.sanction.create({
    data: {
      caseId: kase.id,
      type: 'EXPULSION',
      imposedOn: new Date('2022-05-04'),
      imposedPrecision: 'DAY',
      imposedBy: 'NCC',
      reasonCategory: 'SOCIAL_MEDIA',
      reasonText: '"The Panel found the post proved."',
    },
  });

  const c = await build({
    caseId: kase.id,
    actor: caseworker,
    templateKey: 'request-for-particulars',
    today: '2025-10-03',
  });
  expect(Object.keys(c).sort()).toEqual([...SOURCE_PATHS].sort());
  expect(c).toMatchObject({
    'member.fullName': member!.name,
    'member.address': '12 Rose Lane\nKelder\nKV1 2AB',
    'member.email': member!.email,
    'member.membershipNumber': 'L0482913',
    'case.reference': kase.reference,
    'case.status': 'Under investigation',
    'sanction.type': 'expulsion',
    'sanction.imposedOn': '4 May 2022',
    'sanction.imposedBy': b.NCC.name,
    'sanction.reasonText': '"The Panel found the post proved."',
    'sanction.reasonCategory': 'A social-media post',
    'recipient.name': b.GOVERNANCE_LEGAL_UNIT.name,
    'caseworker.name': caseworker.name,
    today: '3 Oct 2025',
    'sar.sentOn': null,
    'parent.title': null,
    'deadline.label': null,
  });
  // The address block: one line per part, without repeating the recipient's name.
  expect(c['recipient.address']).toBe(
    b.GOVERNANCE_LEGAL_UNIT.postalAddress!.split(', ')
      .filter((l) => l !== b.GOVERNANCE_LEGAL_UNIT.name)
      .join('\n'),
  );
  expect(c['recipient.address']).not.toContain(',');

  // Only the month known: shown as such.
  await db.sanction.deleteMany({ where: { caseId: kase.id, type: 'EXPULSION' } });
  const earlier = await build({ caseId: kase.id, actor: caseworker, templateKey: 'ico-complaint' });
  expect(earlier).toMatchObject({
    'sanction.type': 'suspension',
    'sanction.imposedOn': 'Mar 2021',
    'member.address': '12 Rose Lane\nKelder\nKV1 2AB',
  });
  // The ICO's own address, and today in the UK by default.
  expect(earlier['recipient.name']).toBe("Information Commissioner's Office");
  expect(earlier['recipient.address']).toBe('Wycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF');
  expect(earlier.today).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
});

test("a member's context never carries anything from a caseworker-only entry", async () => {
  await bodies();
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  await event(caseworker, kase.id, 'NOTICE_OF_INVESTIGATION', day(2025, 2, 3), {
    receivedOn: '2025-02-05',
    windowDays: 14,
  });
  await event(caseworker, kase.id, 'SAR_SENT', day(2025, 3, 10));
  const hiddenSar = await event(caseworker, kase.id, 'SAR_SENT', day(2025, 5, 1), { caseworkersOnly: true });
  const hiddenDecision = await event(caseworker, kase.id, 'DECISION', day(2025, 6, 2), { caseworkersOnly: true });
  // A later SAR that was deleted counts for nobody.
  const deleted = await event(caseworker, kase.id, 'SAR_SENT', day(2025, 7, 1));
  await db.timelineEvent.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

  const forMember = await build({ caseId: kase.id, actor: member!, templateKey: 'chaser' });
  expect(forMember).toMatchObject({
    'sar.sentOn': '10 Mar 2025',
    'sar.dueOn': '10 Apr 2025',
    'notice.receivedOn': '5 Feb 2025',
    'notice.replyDueOn': '19 Feb 2025',
    'decision.date': null,
    'decision.appealDueOn': null,
    'caseworker.name': caseworker.name, // the assigned caseworker
  });
  expect(JSON.stringify(forMember)).not.toMatch(/1 May 2025|2 Jun 2025/);

  const forCaseworker = await build({ caseId: kase.id, actor: caseworker, templateKey: 'chaser' });
  const appeal = await db.deadline.findFirstOrThrow({ where: { eventId: hiddenDecision.id } });
  expect(forCaseworker).toMatchObject({
    'sar.sentOn': '1 May 2025',
    'sar.dueOn': '2 Jun 2025', // 1 Jun 2025 is a Sunday
    'decision.date': '2 Jun 2025',
    'decision.appealDueOn': appeal.dueOn.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  });

  // A deadline hanging on a caseworker-only entry: not found for the member, filled for the caseworker.
  await expect(
    build({ caseId: kase.id, actor: member!, templateKey: 'chaser', deadlineId: appeal.id }),
  ).rejects.toThrow(NotFoundError);
  expect(
    await build({ caseId: kase.id, actor: caseworker, templateKey: 'chaser', deadlineId: appeal.id }),
  ).toMatchObject({ 'deadline.label': 'Last day to appeal' });
  const sarDeadline = await db.deadline.findFirstOrThrow({
    where: { caseId: kase.id, kind: 'SAR_REPLY', event: { visibility: 'SHARED', deletedAt: null } },
  });
  expect(
    await build({ caseId: kase.id, actor: member!, templateKey: 'chaser', deadlineId: sarDeadline.id }),
  ).toMatchObject({
    'deadline.label': 'Reply to the subject access request due',
    'deadline.dueOn': '10 Apr 2025',
  });

  // An earlier letter filed on a caseworker-only entry is not the member's to follow up.
  const hiddenLetter = await fileLetter(kase.id, hiddenSar.id, caseworker.id, 'Private SAR', '2025-05-01');
  await expect(
    build({ caseId: kase.id, actor: member!, templateKey: 'chaser', parentLetterId: hiddenLetter.id }),
  ).rejects.toThrow(NotFoundError);
  expect(
    await build({ caseId: kase.id, actor: caseworker, templateKey: 'chaser', parentLetterId: hiddenLetter.id }),
  ).toMatchObject({ 'parent.title': 'Private SAR', 'parent.sentOn': '1 May 2025', 'parent.dueOn': '2 Jun 2025' });
});

test('an earlier letter fills parent.*, only on its own case', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  const sar = await event(caseworker, kase.id, 'SAR_SENT', day(2025, 8, 20));
  const letter = await fileLetter(kase.id, sar.id, caseworker.id, 'Subject access request', '2025-08-20');
  expect(
    await build({ caseId: kase.id, actor: member!, templateKey: 'ico-complaint', parentLetterId: letter.id }),
  ).toMatchObject({
    'parent.title': 'Subject access request',
    'parent.sentOn': '20 Aug 2025',
    'parent.dueOn': '22 Sep 2025', // 20 Sep 2025 is a Saturday
  });
  const coordinator = await makeUser('COORDINATOR');
  const other = await makeCase();
  await expect(
    build({ caseId: other.kase.id, actor: coordinator, templateKey: 'chaser', parentLetterId: letter.id }),
  ).rejects.toThrow(NotFoundError);
  // A coordinator writing is the caseworker named in the letter.
  expect(
    (await build({ caseId: kase.id, actor: coordinator, templateKey: 'form-of-authority' }))['caseworker.name'],
  ).toBe(coordinator.name);
});

test('fails closed: cases outside the scope, unknown templates and bad dates', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  const stranger = await makeUser('MEMBER');
  const otherCaseworker = await makeUser('CASEWORKER');
  for (const actor of [stranger, otherCaseworker]) {
    await expect(build({ caseId: kase.id, actor, templateKey: 'chaser' })).rejects.toThrow(NotFoundError);
  }
  await expect(build({ caseId: kase.id, actor: member!, templateKey: 'no-such-letter' })).rejects.toThrow(
    NotFoundError,
  );
  await expect(build({ caseId: '', actor: member!, templateKey: 'chaser' })).rejects.toThrow(NotFoundError);
  await expect(
    build({ caseId: kase.id, actor: { id: '', role: 'COORDINATOR' }, templateKey: 'chaser' }),
  ).rejects.toThrow(NotFoundError);
  await expect(build({ caseId: kase.id, actor: member!, templateKey: 'chaser', today: '03/10/2025' })).rejects.toThrow(
    RangeError,
  );
  // Consent withdrawn: the caseworker's access ends.
  await db.case.update({ where: { id: kase.id }, data: { consentWithdrawnAt: new Date() } });
  await expect(build({ caseId: kase.id, actor: caseworker, templateKey: 'chaser' })).rejects.toThrow(NotFoundError);
  // A member with no caseworker assigned: nobody is named.
  const alone = await makeCase();
  expect(
    (await build({ caseId: alone.kase.id, actor: alone.member!, templateKey: 'form-of-authority' }))['caseworker.name'],
  ).toBeNull();
});

test("reads through the transaction it is given, seeing that transaction's own writes", async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  const c = await db.$transaction(async (tx) => {
    await tx.timelineEvent.create({
      data: {
        caseId: kase.id,
        createdById: caseworker.id,
        type: 'SAR_SENT',
        occurredOn: new Date('2024-04-22'),
        datePrecision: 'DAY',
        title: 'SAR',
      },
    });
    return buildLetterContext(tx, { caseId: kase.id, actor: caseworker, templateKey: 'chaser' });
  });
  expect(c['sar.sentOn']).toBe('22 Apr 2024');
});

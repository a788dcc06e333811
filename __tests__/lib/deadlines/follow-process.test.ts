import { createPGlite } from '../../../lib/db/pglite';
import { db } from '@/lib/db/client';
import { addEventAction, updateEventAction } from '@/lib/timeline/actions';
import { saveLetterAction } from '@/lib/letters/actions';
import { updateCaseStageAction } from '@/lib/cases/actions';
import { waiveDeadlineAction, waiveDeadlinesAction } from '@/lib/deadlines/actions';
import { findActionableDeadlines } from '@/lib/deadlines/find-deadlines';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { deadlineStatus } from '@/lib/deadlines/sync-deadlines';
import { nextSteps } from '@/lib/deadlines/next-step';
import { actAs, ctx, ensureOrganisation, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { migrateEmbedded, newPgliteDir } from '../../helpers/migrate-at';

// Issue 10, point 6: deadlines follow the process (docs/decisions/0014). Every rule on a real database
// (PGlite by default, PostgreSQL with DATABASE_URL), through the server actions people use.

const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const ok = <T>(res: { ok: true; data: T } | { ok: false; error: string; fieldErrors?: unknown }): T => {
  if (!res.ok) throw new Error(`${res.error} ${JSON.stringify(res.fieldErrors)}`);
  return res.data;
};
const deadlinesOf = (caseId: string) => db.deadline.findMany({ where: { caseId }, orderBy: { dueOn: 'asc' } });
const LETTER = {
  senderName: 'A Member',
  senderAddress: '1 Road\nTown',
  recipientName: 'The Party',
  recipientAddress: '1 Party Street',
  subject: 'A letter',
  body: 'Dear Sir or Madam,\n\nPlease reply within 14 days.',
  signatureName: 'A Member',
};

async function staffCase() {
  const caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  actAs(caseworker);
  return { caseworker, member: c.member!, kase: c.kase };
}

beforeAll(async () => {
  await ensureOrganisation([
    { kind: 'NCC', name: 'National Constitutional Committee', postalAddress: '1 Party Street\nLondon' },
  ]);
});

describe('only a decision against the member opens an appeal window', () => {
  test('favourable: none; against: one; not said: one, and its rule says it was counted as against', async () => {
    const { kase } = await staffCase();
    // Re-run candidate: three favourable decisions (the issue saw three overdue appeal deadlines).
    for (const m of [3, 4, 5])
      ok(
        await addEventAction({
          caseId: kase.id,
          type: 'DECISION',
          date: day(2025, m, 2),
          title: `Endorsed ${m}`,
          decisionOutcome: 'FAVOURABLE',
        }),
      );
    expect(await deadlinesOf(kase.id)).toEqual([]);
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 6, 2),
        title: 'Expelled',
        decisionOutcome: 'ADVERSE',
      }),
    );
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 7, 1),
        title: 'Letter about a decision',
      }),
    );
    const rows = await deadlinesOf(kase.id);
    expect(rows.map((d) => d.kind)).toEqual(['APPEAL_WINDOW', 'APPEAL_WINDOW']);
    expect(rows[0]!.rule).not.toMatch(/not recorded/);
    expect(rows[1]!.rule).toMatch(
      /Whether the decision went against the member was not recorded, so it is counted as if it did\./,
    );
    // Left out by a caller, it is stored as "not known", never guessed as favourable.
    expect(
      await db.timelineEvent.findFirstOrThrow({ where: { caseId: kase.id, title: 'Letter about a decision' } }),
    ).toMatchObject({ decisionOutcome: 'NOT_KNOWN' });
  });

  test('changing the answer adds or removes the window; an appeal decision starts none; the outcome is refused on other entries', async () => {
    const { kase } = await staffCase();
    const decision = ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 6, 2),
        title: 'Decision',
        decisionOutcome: 'ADVERSE',
      }),
    );
    expect(await db.deadline.count({ where: { eventId: decision.id } })).toBe(1);
    const edit = {
      eventId: decision.id,
      type: 'DECISION' as const,
      date: day(2025, 6, 2),
      title: 'Decision',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    };
    ok(await updateEventAction({ ...edit, version: 1, decisionOutcome: 'FAVOURABLE' }));
    expect(await db.deadline.count({ where: { eventId: decision.id } })).toBe(0);
    ok(await updateEventAction({ ...edit, version: 2, decisionOutcome: 'ADVERSE' }));
    expect(await db.deadline.count({ where: { eventId: decision.id } })).toBe(1);
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'APPEAL_DECIDED',
        date: day(2025, 8, 1),
        title: 'Appeal dismissed',
        decisionOutcome: 'ADVERSE',
      }),
    );
    expect(await db.deadline.count({ where: { caseId: kase.id } })).toBe(1);
    const wrong = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: day(2025, 8, 1),
      title: 'Note',
      decisionOutcome: 'ADVERSE',
    });
    expect(wrong).toMatchObject({
      ok: false,
      fieldErrors: {
        decisionOutcome: 'Whether it went against the member applies only to a decision or an appeal decision',
      },
    });
    const junk = await addEventAction({
      caseId: kase.id,
      type: 'DECISION',
      date: day(2025, 8, 1),
      title: 'D',
      decisionOutcome: 'MAYBE' as never,
    });
    expect(junk).toMatchObject({
      ok: false,
      fieldErrors: { decisionOutcome: 'Say whether the decision went against the member' },
    });
  });
});

describe('saving an appeal letter lodges the appeal and meets the window', () => {
  test('the member files the appeal: an "Appeal lodged" entry, the window met for them and for staff', async () => {
    const { caseworker, member, kase } = await staffCase();
    const decision = ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 6, 2),
        title: 'Expelled',
        decisionOutcome: 'ADVERSE',
      }),
    );
    const window = await db.deadline.findFirstOrThrow({ where: { eventId: decision.id } });
    expect(deadlineStatus(window, new Date('2025-06-10'))).toBe('open');
    actAs(member);
    const saved = ok(
      await saveLetterAction({
        caseId: kase.id,
        templateKey: 'appeal-against-decision',
        deadlineId: window.id,
        sentOn: '2025-06-16',
        document: LETTER,
      }),
    );
    const event = await db.timelineEvent.findUniqueOrThrow({ where: { id: saved.eventId } });
    expect(event).toMatchObject({ type: 'APPEAL_LODGED', visibility: 'SHARED', windowDays: null });
    const met = await db.deadline.findUniqueOrThrow({ where: { id: window.id } });
    expect({ metOn: iso(met.metOn), metBy: met.metByEventId, sharedMetOn: iso(met.sharedMetOn) }).toEqual({
      metOn: '2025-06-16',
      metBy: saved.eventId,
      sharedMetOn: '2025-06-16',
    });
    for (const who of [member, caseworker]) {
      const view = await getCaseForViewer(who, kase.reference, ctx);
      expect(deadlineStatus(view.deadlines[0]!)).toBe('met');
    }
    expect(await findActionableDeadlines(member)).toEqual([]);
  });
});

describe('a letter that asks for a reply by a date opens that deadline', () => {
  test('request for particulars: 14 days from the date sent; reinstatement review: 28; form of authority: none', async () => {
    const { kase } = await staffCase();
    // Mon 1 Sep 2025 + 14 = Mon 15 Sep; + 28 = Mon 29 Sep.
    const particulars = ok(
      await saveLetterAction({
        caseId: kase.id,
        templateKey: 'request-for-particulars',
        sentOn: '2025-09-01',
        document: LETTER,
      }),
    );
    const review = ok(
      await saveLetterAction({
        caseId: kase.id,
        templateKey: 'reinstatement-review',
        sentOn: '2025-09-01',
        document: { ...LETTER, body: 'Please reply within 28 days.' },
      }),
    );
    ok(
      await saveLetterAction({
        caseId: kase.id,
        templateKey: 'form-of-authority',
        sentOn: '2025-09-01',
        document: LETTER,
      }),
    );
    const rows = await deadlinesOf(kase.id);
    expect(rows.map((d) => [d.kind, d.eventId, iso(d.dueOn)])).toEqual([
      ['LETTER_REPLY', particulars.eventId, '2025-09-15'],
      ['LETTER_REPLY', review.eventId, '2025-09-29'],
    ]);
    expect(rows[0]!.rule).toMatch(/14 days is the time the letter asked them to reply in/);
    expect(await db.timelineEvent.findUniqueOrThrow({ where: { id: particulars.eventId } })).toMatchObject({
      type: 'LETTER_SENT',
      windowDays: 14,
    });
  });

  test('a later letter from them meets it; a caseworker-only one meets it for staff only; overdue, a chaser is suggested', async () => {
    const { caseworker, member, kase } = await staffCase();
    const sent = ok(
      await saveLetterAction({
        caseId: kase.id,
        templateKey: 'request-for-particulars',
        sentOn: '2025-09-01',
        document: LETTER,
      }),
    );
    const deadline = await db.deadline.findFirstOrThrow({ where: { eventId: sent.eventId } });
    const letters = [
      {
        id: sent.id,
        templateKey: 'request-for-particulars',
        deadlineId: null,
        eventId: sent.eventId,
        sentOn: new Date('2025-09-01'),
      },
    ];
    expect(nextSteps(deadline, deadlineStatus(deadline), letters)).toEqual([
      {
        label: 'Draft a chaser for the overdue reply',
        templateKey: 'chaser',
        deadlineId: deadline.id,
        parentLetterId: sent.id,
      },
    ]);
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'LETTER_RECEIVED',
        date: day(2025, 9, 10),
        title: 'Reply seen by the caseworker',
        caseworkersOnly: true,
      }),
    );
    let row = await db.deadline.findUniqueOrThrow({ where: { id: deadline.id } });
    expect([iso(row.metOn), iso(row.sharedMetOn)]).toEqual(['2025-09-10', null]);
    expect(deadlineStatus((await getCaseForViewer(member, kase.reference, ctx)).deadlines[0]!)).toBe('missed');
    expect(deadlineStatus((await getCaseForViewer(caseworker, kase.reference, ctx)).deadlines[0]!)).toBe('met');
    ok(
      await addEventAction({ caseId: kase.id, type: 'LETTER_RECEIVED', date: day(2025, 9, 20), title: 'Their reply' }),
    );
    row = await db.deadline.findUniqueOrThrow({ where: { id: deadline.id } });
    expect(iso(row.sharedMetOn)).toBe('2025-09-20');
    expect(deadlineStatus((await getCaseForViewer(member, kase.reference, ctx)).deadlines[0]!)).toBe('met');
  });

  test('a letter sent typed on the timeline with "reply within N days" opens one too; without, none', async () => {
    const { kase } = await staffCase();
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'LETTER_SENT',
        date: day(2025, 9, 1),
        title: 'Email to the region',
      }),
    );
    expect(await deadlinesOf(kase.id)).toEqual([]);
    const asked = ok(
      await addEventAction({
        caseId: kase.id,
        type: 'LETTER_SENT',
        date: day(2025, 9, 1),
        title: 'Letter to the GLU',
        windowDays: 7,
      }),
    );
    expect((await deadlinesOf(kase.id)).map((d) => [d.kind, d.eventId, iso(d.dueOn)])).toEqual([
      ['LETTER_REPLY', asked.id, '2025-09-08'],
    ]);
  });
});

describe('no appeal offered, or a closed case, closes the appeal window with the reason', () => {
  async function setStage(caseId: string, stage: string, outcome: string | null, appealStatus: string) {
    const { version } = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } });
    return updateCaseStageAction({
      caseId,
      version,
      stage: stage as never,
      outcome: outcome as never,
      appealStatus: appealStatus as never,
    });
  }

  test('"no appeal offered" closes it (not overdue, off every list); changing back reopens it; other deadlines stay', async () => {
    const { caseworker, member, kase } = await staffCase();
    ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 1, 6),
        title: 'Auto-excluded',
        decisionOutcome: 'ADVERSE',
      }),
    );
    ok(await addEventAction({ caseId: kase.id, type: 'SAR_SENT', date: day(2025, 1, 6), title: 'SAR' }));
    expect((await findActionableDeadlines(member)).map((d) => [d.kind, d.status]).sort()).toEqual([
      ['APPEAL_WINDOW', 'missed'],
      ['SAR_REPLY', 'missed'],
    ]);

    ok(await setStage(kase.id, 'DECIDED', 'SANCTION_CONFIRMED', 'NOT_AVAILABLE'));
    const appeal = await db.deadline.findFirstOrThrow({ where: { caseId: kase.id, kind: 'APPEAL_WINDOW' } });
    expect(appeal).toMatchObject({ closedReason: 'NO_APPEAL_OFFERED', waivedAt: null, metOn: null });
    for (const who of [member, caseworker]) {
      const view = await getCaseForViewer(who, kase.reference, ctx);
      expect(view.deadlines.map((d) => [d.kind, deadlineStatus(d)]).sort()).toEqual([
        ['APPEAL_WINDOW', 'closed'],
        ['SAR_REPLY', 'missed'],
      ]);
      expect(
        (await findActionableDeadlines(who, { caseworkerId: caseworker.id }))
          .filter((d) => d.caseId === kase.id)
          .map((d) => d.kind),
      ).toEqual(['SAR_REPLY']);
    }

    ok(await setStage(kase.id, 'DECIDED', 'SANCTION_CONFIRMED', 'CONSIDERING'));
    expect(await db.deadline.findUniqueOrThrow({ where: { id: appeal.id } })).toMatchObject({ closedReason: null });
    ok(await setStage(kase.id, 'CLOSED', 'CHOSE_NOT_TO_APPEAL', 'CONSIDERING'));
    expect(await db.deadline.findUniqueOrThrow({ where: { id: appeal.id } })).toMatchObject({
      closedReason: 'CASE_CLOSED',
    });
    // A deadline met before the case closed still reads "met".
    expect(await db.deadline.findFirstOrThrow({ where: { caseId: kase.id, kind: 'SAR_REPLY' } })).toMatchObject({
      closedReason: null,
    });
  });

  test('a decision added to a case already marked "no appeal offered" is closed from the start', async () => {
    const { kase } = await staffCase();
    ok(await setStage(kase.id, 'DECIDED', 'SANCTION_CONFIRMED', 'NOT_AVAILABLE'));
    const ev = ok(
      await addEventAction({
        caseId: kase.id,
        type: 'DECISION',
        date: day(2025, 1, 6),
        title: 'Decision',
        decisionOutcome: 'ADVERSE',
      }),
    );
    expect(await db.deadline.findFirstOrThrow({ where: { eventId: ev.id } })).toMatchObject({
      closedReason: 'NO_APPEAL_OFFERED',
    });
  });
});

describe('waive several at once', () => {
  async function threeDeadlines() {
    const c = await staffCase();
    for (const t of ['SAR_SENT', 'NOTICE_OF_INVESTIGATION', 'DECISION'] as const)
      ok(await addEventAction({ caseId: c.kase.id, type: t, date: day(2025, 3, 3), title: t }));
    return { ...c, ids: (await deadlinesOf(c.kase.id)).map((d) => d.id) };
  }

  test('all waived for one reason, one audit row each, shown to the member on their case', async () => {
    const { member, kase, ids } = await threeDeadlines();
    expect(
      ok(await waiveDeadlinesAction({ deadlineIds: ids, reason: 'The party withdrew the case on 3 Dec' })),
    ).toEqual({ waived: 3 });
    const rows = await deadlinesOf(kase.id);
    expect(rows.map((d) => [deadlineStatus(d), d.waivedReason])).toEqual(
      Array(3).fill(['waived', 'The party withdrew the case on 3 Dec']),
    );
    const audit = await db.auditLog.findMany({
      where: { caseId: kase.id, action: 'deadline.waive' },
      select: { entityId: true, memberVisible: true },
    });
    expect(audit.map((a) => a.entityId).sort()).toEqual([...ids].sort());
    expect(audit.every((a) => a.memberVisible)).toBe(true);
    expect(await findActionableDeadlines(member)).toEqual([]);
  });

  test('all or nothing: one not theirs, or one already waived, and nothing is waived; bad lists are refused with a message', async () => {
    const { caseworker, kase, ids } = await threeDeadlines();
    const other = await threeDeadlines(); // another caseworker's case
    actAs(caseworker);
    expect(await waiveDeadlinesAction({ deadlineIds: [...ids, other.ids[0]!], reason: 'x' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    ok(await waiveDeadlineAction({ deadlineId: ids[0]!, reason: 'Earlier waiver' }));
    expect(await waiveDeadlinesAction({ deadlineIds: ids, reason: 'Later' })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect((await deadlinesOf(kase.id)).map((d) => d.waivedReason)).toEqual(
      expect.arrayContaining(['Earlier waiver', null, null]),
    );
    expect(await db.deadline.count({ where: { id: { in: other.ids }, waivedAt: { not: null } } })).toBe(0);
    expect(await waiveDeadlinesAction({ deadlineIds: [], reason: 'x' })).toMatchObject({
      ok: false,
      fieldErrors: { deadlineIds: 'Tick at least one deadline to waive' },
    });
    expect(await waiveDeadlinesAction({ deadlineIds: [ids[1]!, ids[1]!], reason: 'x' })).toMatchObject({
      ok: false,
      fieldErrors: { deadlineIds: 'A deadline is listed twice' },
    });
    expect(await waiveDeadlinesAction({ deadlineIds: [ids[1]!], reason: ' ' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: 'Say why this deadline no longer applies' },
    });
    expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'deadline.waive' } })).toBe(1);
  });

  test('a member cannot, and a caseworker-only deadline is not found for them either', async () => {
    const { member, kase } = await staffCase();
    ok(await addEventAction({ caseId: kase.id, type: 'SAR_SENT', date: day(2025, 3, 3), title: 'SAR' }));
    const [d] = await deadlinesOf(kase.id);
    actAs(member);
    expect(await waiveDeadlinesAction({ deadlineIds: [d!.id], reason: 'x' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await db.deadline.findUniqueOrThrow({ where: { id: d!.id } })).toMatchObject({ waivedAt: null });
  });
});

describe('the SAR letter offers the date the party received it', () => {
  let who: TestUser;
  let caseId: string;
  beforeAll(async () => {
    const c = await staffCase();
    who = c.member;
    caseId = c.kase.id;
  });

  test('given: the month runs from receipt; left blank: from the date sent', async () => {
    actAs(who);
    // Sent Wed 3 Sep 2025, received Mon 8 Sep → due Wed 8 Oct.
    const received = ok(
      await saveLetterAction({
        caseId,
        templateKey: 'subject-access-request',
        sentOn: '2025-09-03',
        receivedOn: '2025-09-08',
        document: LETTER,
      }),
    );
    expect(iso((await db.timelineEvent.findUniqueOrThrow({ where: { id: received.eventId } })).receivedOn)).toBe(
      '2025-09-08',
    );
    const d = await db.deadline.findFirstOrThrow({ where: { eventId: received.eventId } });
    expect(iso(d.dueOn)).toBe('2025-10-08');
    expect(d.rule).toMatch(/Counted from the day it was received/);
    const blank = ok(
      await saveLetterAction({
        caseId,
        templateKey: 'subject-access-request',
        sentOn: '2025-09-03',
        receivedOn: '',
        document: LETTER,
      }),
    );
    expect(iso((await db.deadline.findFirstOrThrow({ where: { eventId: blank.eventId } })).dueOn)).toBe('2025-10-03');
  });

  test('before the date sent, in the future, or on a letter that is not a SAR: refused next to the field, nothing filed', async () => {
    actAs(who);
    const before = await db.letter.count({ where: { caseId } });
    expect(
      await saveLetterAction({
        caseId,
        templateKey: 'subject-access-request',
        sentOn: '2025-09-03',
        receivedOn: '2025-09-01',
        document: LETTER,
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { receivedOn: 'They cannot have received it before the date it was sent' },
    });
    expect(
      await saveLetterAction({
        caseId,
        templateKey: 'subject-access-request',
        sentOn: '2025-09-03',
        receivedOn: '2099-01-01',
        document: LETTER,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { receivedOn: expect.stringMatching(/future/) } });
    expect(
      await saveLetterAction({
        caseId,
        templateKey: 'request-for-particulars',
        sentOn: '2025-09-03',
        receivedOn: '2025-09-05',
        document: LETTER,
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { receivedOn: 'A date of receipt applies only to a subject access request' },
    });
    expect(await db.letter.count({ where: { caseId } })).toBe(before);
  });
});

test('the migration’s backfill: old decisions count as "not known" (so their windows stay); windows on closed cases close', async () => {
  // Replayed on a database of its own built as it was just before the migration (the columns it reads, such as
  // the case's old single status, no longer exist today), then migrated to it.
  const { dataDir, pgliteDir } = newPgliteDir('backfill');
  migrateEmbedded(dataDir, '20261130044752_bundle_item_provenance');
  const pg = createPGlite(pgliteDir);
  await pg.exec(`
    INSERT INTO "User" ("id", "email", "name", "role", "updatedAt") VALUES ('u1', 'cw@example.test', 'Caseworker', 'CASEWORKER', now());
    INSERT INTO "Person" ("id", "fullName") VALUES ('p1', 'A Member');
    INSERT INTO "Case" ("id", "reference", "personId", "status", "appealStatus", "createdById", "updatedAt") VALUES
      ('none', 'RS-2025-0001', 'p1', 'DECIDED_UPHELD', 'NOT_AVAILABLE', 'u1', now()),
      ('closed', 'RS-2025-0002', 'p1', 'CLOSED_RESIGNED', 'CONSIDERING', 'u1', now()),
      ('open', 'RS-2025-0003', 'p1', 'DECIDED_UPHELD', 'CONSIDERING', 'u1', now());
    INSERT INTO "TimelineEvent" ("id", "caseId", "createdById", "type", "occurredOn", "datePrecision", "title", "updatedAt")
      SELECT 'd-' || "id", "id", 'u1', 'DECISION', '2025-01-06', 'DAY', 'Old decision', now() FROM "Case";
    INSERT INTO "TimelineEvent" ("id", "caseId", "createdById", "type", "occurredOn", "datePrecision", "title", "updatedAt")
      VALUES ('note', 'open', 'u1', 'NOTE', '2025-01-06', 'DAY', 'Old note', now());
    INSERT INTO "Deadline" ("id", "caseId", "eventId", "kind", "dueOn", "correspondingOn", "rule", "updatedAt")
      SELECT 'w-' || "id", "id", 'd-' || "id", 'APPEAL_WINDOW', '2025-01-27', '2025-01-27', 'old', now() FROM "Case";
  `);
  await pg.close();
  expect(migrateEmbedded(dataDir, '20261130064759_deadlines_follow_process')).toContain(
    ': 20261130064759_deadlines_follow_process',
  );
  const after = createPGlite(pgliteDir);
  try {
    const events = await after.query<{ id: string; decisionOutcome: string | null }>(
      `SELECT "id", "decisionOutcome" FROM "TimelineEvent" ORDER BY "id"`,
    );
    expect(events.rows).toEqual([
      { id: 'd-closed', decisionOutcome: 'NOT_KNOWN' },
      { id: 'd-none', decisionOutcome: 'NOT_KNOWN' },
      { id: 'd-open', decisionOutcome: 'NOT_KNOWN' },
      { id: 'note', decisionOutcome: null },
    ]);
    const windows = await after.query<{ id: string; closedReason: string | null }>(
      `SELECT "id", "closedReason" FROM "Deadline" ORDER BY "id"`,
    );
    expect(windows.rows).toEqual([
      { id: 'w-closed', closedReason: 'CASE_CLOSED' },
      { id: 'w-none', closedReason: 'NO_APPEAL_OFFERED' },
      { id: 'w-open', closedReason: null },
    ]);
  } finally {
    await after.close();
  }
}, 180_000); // two migration runs in child processes: over 30 s in CI on a loaded machine

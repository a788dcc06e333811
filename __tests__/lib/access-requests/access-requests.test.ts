import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { db } from '@/lib/db/client';
import { writeAudit } from '@/lib/audit/write-audit';
import {
  decideAccessItem,
  extendAccessRequest,
  getAccessRequest,
  listAccessRequests,
  logAccessRequest,
} from '@/lib/access-requests/access-request-services';
import { listOwnAccessResponses, openAccessResponse, releaseAccessRequest } from '@/lib/access-requests/release';
import { draftCoveringLetter } from '@/lib/access-requests/covering-letter';
import { listDueDeadlines } from '@/lib/deadlines/deadline-list';
import { InvalidError, NotFoundError } from '@/lib/errors';
import { ctx, makeCase, makeEvidence, makeUser, type TestUser } from '../../helpers/factories';

// Subject access requests made to the network (issue 13, point 2): the SAR rule's deadline, per-item
// decisions, and a release PDF that holds what was released or redacted and nothing withheld — checked
// with pdftotext on the decrypted file, and qpdf --check.

const mark = () => `MARK${crypto.randomBytes(6).toString('hex').toUpperCase()}`;

async function pdfText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  const file = path.join(os.tmpdir(), `ar-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, Buffer.concat(chunks));
  try {
    execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function setUp() {
  const coordinator = await makeUser('COORDINATOR');
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member, person } = await makeCase({ caseworker });
  const m = { shared: mark(), hidden: mark(), redactedAway: mark(), redactedKept: mark(), evidence: mark() };
  const shared = await db.timelineEvent.create({
    data: {
      caseId: kase.id,
      createdById: member!.id,
      type: 'NOTE',
      occurredOn: new Date('2026-01-05'),
      datePrecision: 'DAY',
      title: `Shared ${m.shared}`,
      details: `Told the branch ${m.shared}`,
    },
  });
  const hidden = await db.timelineEvent.create({
    data: {
      caseId: kase.id,
      createdById: caseworker.id,
      visibility: 'CASEWORKERS',
      type: 'NOTE',
      occurredOn: new Date('2026-01-06'),
      datePrecision: 'DAY',
      title: 'Caseworker note',
      details: `Advice from counsel ${m.hidden}`,
    },
  });
  const toRedact = await db.timelineEvent.create({
    data: {
      caseId: kase.id,
      createdById: caseworker.id,
      visibility: 'CASEWORKERS',
      type: 'NOTE',
      occurredOn: new Date('2026-01-07'),
      datePrecision: 'DAY',
      title: 'Witness',
      details: `Witness ${m.redactedAway} said ${m.redactedKept}`,
    },
  });
  const evidence = await makeEvidence(kase.id, member!.id, { text: `exhibit ${m.evidence}` });
  // Who viewed the case: the person's data too.
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: caseworker.id,
      action: 'case.view',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
    }),
  );
  return { coordinator, caseworker, member: member!, person, kase, m, shared, hidden, toRedact, evidence };
}

describe('subject access requests to the network', () => {
  it('takes its due date from the SAR rule (worked examples) and extends to three months', async () => {
    const s = await setUp();
    const a = await logAccessRequest(
      s.coordinator,
      { who: s.member.email, receivedOn: '2025-03-31', source: 'PERSON' },
      ctx,
    );
    const b = await logAccessRequest(
      s.coordinator,
      { who: s.kase.reference, receivedOn: '2025-09-04', source: 'ON_BEHALF', requesterName: 'A solicitor' },
      ctx,
    );
    const c = await logAccessRequest(
      s.coordinator,
      { who: s.member.email.toUpperCase(), receivedOn: '2025-01-31', source: 'PERSON' },
      ctx,
    );
    const rows = await db.accessRequest.findMany({
      where: { id: { in: [a.id, b.id, c.id] } },
      select: { id: true, dueOn: true, personId: true },
    });
    const due = Object.fromEntries(rows.map((r) => [r.id, r.dueOn.toISOString().slice(0, 10)]));
    expect([due[a.id], due[b.id], due[c.id]]).toEqual(['2025-04-30', '2025-10-06', '2025-02-28']);
    expect(new Set(rows.map((r) => r.personId))).toEqual(new Set([s.person.id]));
    expect((await extendAccessRequest(s.coordinator, { requestId: c.id }, ctx)).dueOn).toBe('2025-04-30');
    await expect(extendAccessRequest(s.coordinator, { requestId: c.id }, ctx)).rejects.toThrow(/already been extended/);
    // On the coordinator's Deadlines page, like any other deadline (all open ones).
    const list = await listDueDeadlines(s.coordinator, { within: 'all' }, ctx);
    const shown = list.groups.flatMap((g) => g.items).filter((i) => i.accessRequestId === a.id);
    expect(shown).toEqual([
      expect.objectContaining({ dueOn: '2025-04-30', status: 'missed', memberName: s.person.fullName }),
    ]);
  });

  it('refuses an unknown person and a future date next to the field', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const unknown = logAccessRequest(
      coordinator,
      { who: `nobody-${mark()}@example.test`, receivedOn: '2026-01-01', source: 'PERSON' },
      ctx,
    );
    await expect(unknown).rejects.toMatchObject({ fieldErrors: { who: expect.stringMatching(/No one/) } });
    const future = logAccessRequest(coordinator, { who: 'x', receivedOn: '2099-01-01', source: 'PERSON' }, ctx);
    await expect(future).rejects.toMatchObject({ fieldErrors: { receivedOn: expect.stringMatching(/future/) } });
  });

  it('releases what was released or redacted, and nothing withheld; every decision is audited', async () => {
    const s = await setUp();
    const { id } = await logAccessRequest(
      s.coordinator,
      { who: s.member.email, receivedOn: '2026-11-02', source: 'PERSON' },
      ctx,
    );
    const detail = await getAccessRequest(s.coordinator, id, ctx);
    const byId = new Map(detail.items.map((i) => [`${i.type}:${i.id}`, i]));
    // Caseworker-only notes are the person's data too: listed, and undecided until a coordinator decides.
    expect(byId.get(`EVENT:${s.hidden.id}`)).toMatchObject({ memberSees: false, effective: 'UNDECIDED' });
    expect(byId.get(`EVENT:${s.shared.id}`)).toMatchObject({ memberSees: true, effective: 'RELEASE' });
    expect(byId.get(`EVIDENCE:${s.evidence.id}`)?.file?.sha256).toBe(s.evidence.sha256);
    expect(detail.items.filter((i) => i.type === 'AUDIT').map((i) => i.text)).toContain('Opened the case');

    await expect(
      releaseAccessRequest(s.coordinator, { requestId: id, coveringLetter: 'Dear member, here is everything.' }, ctx),
    ).rejects.toThrow(InvalidError);
    await decideAccessItem(
      s.coordinator,
      {
        requestId: id,
        item: { itemType: 'EVENT', itemId: s.hidden.id, decision: 'WITHHOLD', exemption: 'LEGAL_PRIVILEGE' },
      },
      ctx,
    );
    await decideAccessItem(
      s.coordinator,
      {
        requestId: id,
        item: {
          itemType: 'EVENT',
          itemId: s.toRedact.id,
          decision: 'REDACT',
          reason: 'a witness’s name',
          redactedText: `Witness [name taken out] said ${s.m.redactedKept}`,
        },
      },
      ctx,
    );
    // Another person's record cannot be decided on through this request.
    const other = await makeCase();
    const foreign = await makeEvidence(other.kase.id, other.member!.id);
    await expect(
      decideAccessItem(
        s.coordinator,
        { requestId: id, item: { itemType: 'EVIDENCE', itemId: foreign.id, decision: 'RELEASE' } },
        ctx,
      ),
    ).rejects.toThrow(NotFoundError);

    const after = await getAccessRequest(s.coordinator, id, ctx);
    const undecided = after.items.filter((i) => i.effective === 'UNDECIDED');
    for (const i of undecided)
      await decideAccessItem(
        s.coordinator,
        { requestId: id, item: { itemType: i.type, itemId: i.id, decision: 'RELEASE' } },
        ctx,
      );
    const letter = draftCoveringLetter(await getAccessRequest(s.coordinator, id, ctx), {
      organisation: 'The Network',
      signature: 'Ruth',
    });
    expect(letter).toMatch(/we have taken out information about other people/);
    expect(letter).toMatch(/We have not released 1 item,/);
    const { pageCount } = await releaseAccessRequest(s.coordinator, { requestId: id, coveringLetter: letter }, ctx);
    expect(pageCount).toBeGreaterThanOrEqual(2);

    const text = await pdfText((await openAccessResponse(s.coordinator, id, ctx)).stream);
    expect(text).toContain(s.m.shared);
    expect(text).toContain(s.m.redactedKept);
    expect(text).toContain(s.evidence.sha256);
    expect(text).toContain('1 item: Legal professional privilege');
    expect(text).not.toContain(s.m.hidden);
    expect(text).not.toContain(s.m.redactedAway);
    expect(text).not.toContain(other.person.fullName);

    // The member it answers may download it; another member may not; neither before release.
    expect((await listOwnAccessResponses(s.member)).map((r) => r.id)).toEqual([id]);
    expect(await pdfText((await openAccessResponse(s.member, id, ctx)).stream)).toContain(s.m.shared);
    await expect(openAccessResponse(other.member!, id, ctx)).rejects.toThrow(NotFoundError);
    await expect(openAccessResponse(s.caseworker, id, ctx)).rejects.toThrow(NotFoundError);
    // Released: decisions are final.
    await expect(
      decideAccessItem(
        s.coordinator,
        { requestId: id, item: { itemType: 'EVENT', itemId: s.hidden.id, decision: 'RELEASE' } },
        ctx,
      ),
    ).rejects.toThrow(/released/);

    const audit = await db.auditLog.findMany({
      where: { entityType: 'AccessRequest', entityId: id },
      select: { action: true, fields: true },
    });
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'access-request.create',
        'access-request.view',
        'access-request.decide',
        'access-request.release',
        'access-request.download',
      ]),
    );
    expect(audit.filter((a) => a.action === 'access-request.decide').map((a) => a.fields[0])).toEqual(
      expect.arrayContaining(['event:withhold', 'event:redact']),
    );
    // No content in the audit rows.
    expect(JSON.stringify(audit)).not.toMatch(/MARK/);
  });

  it('answers "not found" to everyone but coordinators, for every action', async () => {
    const s = await setUp();
    const { id } = await logAccessRequest(
      s.coordinator,
      { who: s.member.email, receivedOn: '2026-11-02', source: 'PERSON' },
      ctx,
    );
    const outsiders: TestUser[] = [s.member, s.caseworker, await makeUser('MEMBER')];
    for (const u of outsiders) {
      await expect(
        logAccessRequest(u, { who: s.member.email, receivedOn: '2026-11-02', source: 'PERSON' }, ctx),
      ).rejects.toThrow(NotFoundError);
      await expect(listAccessRequests(u, ctx)).rejects.toThrow(NotFoundError);
      await expect(getAccessRequest(u, id, ctx)).rejects.toThrow(NotFoundError);
      await expect(
        decideAccessItem(
          u,
          { requestId: id, item: { itemType: 'EVENT', itemId: s.hidden.id, decision: 'RELEASE' } },
          ctx,
        ),
      ).rejects.toThrow(NotFoundError);
      await expect(extendAccessRequest(u, { requestId: id }, ctx)).rejects.toThrow(NotFoundError);
      await expect(releaseAccessRequest(u, { requestId: id, coveringLetter: 'x'.repeat(40) }, ctx)).rejects.toThrow(
        NotFoundError,
      );
      await expect(openAccessResponse(u, id, ctx)).rejects.toThrow(NotFoundError);
    }
    await expect(getAccessRequest(s.coordinator, 'no-such-request', ctx)).rejects.toThrow(NotFoundError);
    expect(await db.accessRequest.count({ where: { personId: s.person.id } })).toBe(1);
  });
});

describe('holdsItem (one decision checks one record, not every holding)', () => {
  async function letterOn(caseId: string, by: string) {
    const event = await db.timelineEvent.create({
      data: {
        caseId,
        createdById: by,
        type: 'LETTER_SENT',
        occurredOn: new Date('2026-01-08'),
        datePrecision: 'DAY',
        title: 'Letter sent',
      },
    });
    const body = `Dear panel ${mark()}`;
    return db.letter.create({
      data: {
        caseId,
        eventId: event.id,
        templateKey: 'general-letter',
        title: 'Letter',
        recipient: 'Panel',
        body,
        document: { body },
        sentOn: new Date('2026-01-08'),
        textSha256: crypto.createHash('sha256').update(body).digest('hex'),
        pdfStorageKey: `test/${crypto.randomUUID()}`,
        pdfWrappedKey: 'x',
        pdfSha256: 'x',
        pdfSizeBytes: 1,
        createdById: by,
      },
    });
  }

  it('agrees with gatherHoldings on every item of the person, and refuses every item of another person', async () => {
    const { gatherHoldings, holdsItem } = await import('@/lib/access-requests/holdings');
    const a = await setUp();
    const b = await setUp();
    await letterOn(a.kase.id, a.caseworker.id);
    await letterOn(b.kase.id, b.caseworker.id);
    const gone = await db.timelineEvent.create({
      data: {
        caseId: a.kase.id,
        createdById: a.caseworker.id,
        type: 'NOTE',
        occurredOn: new Date('2026-01-09'),
        datePrecision: 'DAY',
        title: 'Deleted',
        deletedAt: new Date(),
      },
    });
    const [ofA, ofB] = await Promise.all([gatherHoldings(db, a.person.id), gatherHoldings(db, b.person.id)]);
    const types = new Set(ofA.map((h) => h.type));
    for (const t of ['PERSON', 'ACCOUNT', 'CASE', 'SANCTION', 'EVENT', 'LETTER', 'EVIDENCE', 'AUDIT'])
      expect(types).toContain(t);
    for (const h of ofA) {
      expect([h.type, await holdsItem(db, a.person.id, h.type, h.id)]).toEqual([h.type, true]);
      expect([h.type, await holdsItem(db, b.person.id, h.type, h.id)]).toEqual([h.type, false]);
    }
    for (const h of ofB) expect([h.type, await holdsItem(db, a.person.id, h.type, h.id)]).toEqual([h.type, false]);
    // A deleted entry is not held (gatherHoldings leaves it out too), nor is a record that does not exist.
    expect(ofA.some((h) => h.id === gone.id)).toBe(false);
    expect(await holdsItem(db, a.person.id, 'EVENT', gone.id)).toBe(false);
    expect(await holdsItem(db, a.person.id, 'AUDIT', 'no-such-row')).toBe(false);
  });
});

describe('the decision schema', () => {
  it('asks for an exemption, a reason and the released text where they apply', async () => {
    const { itemDecisionSchema } = await import('@/lib/access-requests/schemas');
    const errors = (v: unknown) => {
      const r = itemDecisionSchema.safeParse(v);
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(errors({ itemType: 'EVENT', itemId: 'x', decision: 'WITHHOLD' })).toEqual({
      exemption: expect.stringMatching(/exemption/),
    });
    expect(errors({ itemType: 'EVENT', itemId: 'x', decision: 'WITHHOLD', exemption: 'OTHER' })).toEqual({
      reason: expect.any(String),
    });
    expect(errors({ itemType: 'EVENT', itemId: 'x', decision: 'REDACT' })).toEqual({
      redactedText: expect.any(String),
      reason: expect.any(String),
    });
    expect(errors({ itemType: 'EVENT', itemId: 'x', decision: 'RELEASE', extra: 1 })).not.toEqual({});
  });
});

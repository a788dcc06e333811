import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { previewLetterAction, saveLetterAction } from '@/lib/letters/actions';
import { POST as draftRoute } from '@/app/api/letters/draft/route';
import { GET as letterFile } from '@/app/api/letters/[id]/[format]/route';
import { addEventAction } from '@/lib/timeline/actions';
import { sweepOrphanBlobs } from '@/lib/evidence/sweep-storage';
import { getBlobStore } from '@/lib/evidence/storage';
import { startDraft } from '@/lib/letters/letter-services';
import { getTemplate } from '@/lib/letters/templates';
import { NotFoundError } from '@/lib/errors';
import { actAs, ctx, ensureOrganisation, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Draft → review → save on a real database and a real encrypted store; the filed PDF checked with
// qpdf and pdftotext, the routes called as Next calls them.
const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });
const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `letter-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The reviewable parts of a filled letter (the date and reference are set by the server). */
function withoutMeta<T extends { date: string; reference: string }>(doc: T): Omit<T, 'date' | 'reference'> {
  const copy: Partial<T> = { ...doc };
  delete copy.date;
  delete copy.reference;
  return copy as Omit<T, 'date' | 'reference'>;
}

const fileOf = (id: string, format: string) =>
  letterFile(new Request(`http://test/api/letters/${id}/${format}`), { params: Promise.resolve({ id, format }) });
const postDraft = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  draftRoute(new Request('http://test/api/letters/draft', { method: 'POST', headers, body: JSON.stringify(body) }));

let caseworker: TestUser;
let member: TestUser;
let caseId: string;
let reference: string;
let glu: string; // the recipient body's name (an existing one when the database is shared)

beforeAll(async () => {
  const org = await ensureOrganisation([
    {
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: 'Governance and Legal Unit',
      postalAddress: '1 Party Street\nLondon\nSW1A 1AA',
    },
  ]);
  glu = (
    await db.body.findUniqueOrThrow({
      where: { organisationId_kind: { organisationId: org.id, kind: 'GOVERNANCE_LEGAL_UNIT' } },
    })
  ).name;
  caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  member = c.member!;
  caseId = c.kase.id;
  reference = c.kase.reference;
});

async function fillSar(who: TestUser) {
  actAs(who);
  const draft = await startDraft(who, reference, { templateKey: 'subject-access-request' }, ctx);
  return draft;
}

test('a missing required field is listed by name, refused by preview with its label, and accepted once filled', async () => {
  const draft = await fillSar(caseworker);
  const address = getTemplate('subject-access-request')!.fields.find((f) => f.name === 'sender_address')!;
  expect(draft.missing).toContain('sender_address'); // the person has no postal address on file
  const refused = await previewLetterAction({ caseId, templateKey: 'subject-access-request', values: draft.values });
  expect(refused).toMatchObject({ ok: false, code: 'invalid' });
  expect(!refused.ok && refused.fieldErrors?.['values.sender_address']).toMatch(
    new RegExp(address.label.replace(/^Your /, ''), 'i'),
  );
  const filled = await previewLetterAction({
    caseId,
    templateKey: 'subject-access-request',
    values: { ...draft.values, sender_address: '12 Acacia Avenue\nLeeds\nLS1 1AA' },
  });
  expect(filled.ok).toBe(true);
  if (!filled.ok) return;
  expect(filled.data.senderAddress).toBe('12 Acacia Avenue\nLeeds\nLS1 1AA');
  expect(filled.data.recipientName).toBe(glu);
  expect(filled.data.reference).toBe(reference);
});

test('saving files the exact text and PDF; a SAR starts its deadline; the PDF downloads as stored', async () => {
  const draft = await fillSar(member);
  const preview = await previewLetterAction({
    caseId,
    templateKey: 'subject-access-request',
    values: { ...draft.values, sender_address: '12 Acacia Avenue\nLeeds\nLS1 1AA' },
  });
  if (!preview.ok) throw new Error(preview.error);
  const document = withoutMeta(preview.data);
  const edited = { ...document, body: `${document.body}\n\nPS: I added this line myself <b>& it stays literal</b>.` };
  const saved = await saveLetterAction({
    caseId,
    templateKey: 'subject-access-request',
    sentOn: '2025-09-03',
    document: edited,
  });
  expect(saved.ok).toBe(true);
  if (!saved.ok) return;

  const letter = await db.letter.findUniqueOrThrow({ where: { id: saved.data.id }, include: { event: true } });
  expect(letter.event).toMatchObject({ type: 'SAR_SENT', datePrecision: 'DAY', visibility: 'SHARED' });
  expect(letter.body).toContain('PS: I added this line myself <b>& it stays literal</b>.');
  expect(letter.textSha256).toBe(sha256(letter.body));
  const deadline = await db.deadline.findFirstOrThrow({ where: { eventId: letter.eventId } });
  expect(deadline.dueOn.toISOString().slice(0, 10)).toBe('2025-10-03');

  const res = await fileOf(letter.id, 'pdf');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(sha256(pdf)).toBe(letter.pdfSha256);
  const text = pdfText(pdf);
  expect(text).toContain('12 Acacia Avenue');
  expect(text).toContain(reference);
  expect(text).toContain('3 Sep');
  expect(text).toContain('<b>& it stays literal</b>');

  const docx = await fileOf(letter.id, 'docx');
  expect(docx.status).toBe(200);
  const mammoth = await import('mammoth');
  const raw = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
  expect(raw.value).toContain('PS: I added this line myself <b>& it stays literal</b>.');

  const actions = (await db.auditLog.findMany({ where: { caseId, entityId: { in: [letter.id, letter.eventId] } } }))
    .map((a) => a.action)
    .sort();
  expect(actions).toEqual(['event.create', 'letter.create', 'letter.download-docx', 'letter.download-pdf']);

  // The sweep of orphaned bytes leaves a filed letter's PDF alone.
  const swept = await sweepOrphanBlobs(getBlobStore(), { graceMs: 0, now: new Date(Date.now() + 1000) });
  expect(swept.deleted).not.toContain(letter.pdfStorageKey);
  expect((await fileOf(letter.id, 'pdf')).status).toBe(200);
});

test('a chaser follows its parent letter and the overdue deadline; the chain is kept', async () => {
  actAs(caseworker);
  const sar = await db.letter.findFirstOrThrow({ where: { caseId, templateKey: 'subject-access-request' } });
  const deadline = await db.deadline.findFirstOrThrow({ where: { eventId: sar.eventId } });
  const draft = await startDraft(
    caseworker,
    reference,
    { templateKey: 'chaser', parentLetterId: sar.id, deadlineId: deadline.id },
    ctx,
  );
  expect(draft.values.earlier_letter).toBeTruthy();
  const values: Record<string, string> = {
    ...draft.values,
    sender_address: draft.values.sender_address || '12 Acacia Avenue\nLeeds',
  };
  for (const f of draft.template.fields)
    if (f.required && !values[f.name])
      values[f.name] = f.type === 'date' ? '2025-09-03' : f.type === 'number' ? '14' : 'x';
  const preview = await previewLetterAction({
    caseId,
    templateKey: 'chaser',
    parentLetterId: sar.id,
    deadlineId: deadline.id,
    values,
  });
  if (!preview.ok) throw new Error(JSON.stringify(preview));
  const document = withoutMeta(preview.data);
  const saved = await saveLetterAction({
    caseId,
    templateKey: 'chaser',
    parentLetterId: sar.id,
    deadlineId: deadline.id,
    sentOn: '2025-10-10',
    document,
  });
  expect(saved.ok).toBe(true);
  const chaser = await db.letter.findFirstOrThrow({ where: { caseId, templateKey: 'chaser' } });
  expect(chaser).toMatchObject({ parentId: sar.id, deadlineId: deadline.id });
  expect((await db.timelineEvent.findUniqueOrThrow({ where: { id: chaser.eventId } })).type).toBe('LETTER_SENT');
});

test('bad input is refused with field messages and writes nothing (no rows, no stored bytes)', async () => {
  actAs(caseworker);
  // Counted on this test's cases only: on a PostgreSQL server other test files write at the same time.
  const other = await makeCase({ caseworker });
  const cases = { caseId: { in: [caseId, other.kase.id] } };
  const counts = async () => ({
    letters: await db.letter.count({ where: cases }),
    events: await db.timelineEvent.count({ where: cases }),
  });
  const before = await counts();
  const document = {
    senderName: 'A',
    senderAddress: 'B',
    recipientName: 'C',
    recipientAddress: 'D',
    subject: 'E',
    body: '',
    signatureName: 'F',
  };
  const blank = await saveLetterAction({ caseId, templateKey: 'chaser', sentOn: '2025-10-10', document });
  expect(blank).toMatchObject({ ok: false, fieldErrors: { 'document.body': 'Enter the text of the letter' } });
  const future = await saveLetterAction({
    caseId,
    templateKey: 'chaser',
    sentOn: '2099-01-01',
    document: { ...document, body: 'x' },
  });
  expect(future).toMatchObject({ ok: false, fieldErrors: { sentOn: expect.stringMatching(/future/) } });
  const extra = await saveLetterAction({
    caseId,
    templateKey: 'chaser',
    sentOn: '2025-10-10',
    document: { ...document, body: 'x', cc: 'someone' } as never,
  });
  expect(extra).toMatchObject({ ok: false, code: 'invalid' });
  const unknownTemplate = await saveLetterAction({
    caseId,
    templateKey: 'no-such-letter',
    sentOn: '2025-10-10',
    document: { ...document, body: 'x' },
  });
  expect(unknownTemplate).toMatchObject({ ok: false, code: 'not_found' });
  // A parent letter from another case is not found, and the PDF already rendered is not left behind.
  const keysBefore = new Set<string>();
  for await (const b of getBlobStore().list()) keysBefore.add(b.key);
  const foreign = await db.letter.findFirstOrThrow({ where: { caseId } });
  const crossCase = await saveLetterAction({
    caseId: other.kase.id,
    templateKey: 'chaser',
    parentLetterId: foreign.id,
    sentOn: '2025-10-10',
    document: { ...document, body: 'x' },
  });
  expect(crossCase).toMatchObject({ ok: false, code: 'not_found' });
  const keysAfter: string[] = [];
  for await (const b of getBlobStore().list()) keysAfter.push(b.key);
  expect(keysAfter.filter((k) => !keysBefore.has(k))).toEqual([]);
  expect(await counts()).toEqual(before);
});

test('draft downloads: a PDF and a DOCX of the reviewed text, JSON and same-origin only', async () => {
  actAs(member);
  const document = {
    senderName: 'Siobhán Ó Dálaigh',
    senderAddress: '1 Road\nTown',
    recipientName: 'Governance and Legal Unit',
    recipientAddress: '1 Party Street',
    subject: 'Subject access request',
    body: 'Dear Sir or Madam,\n\nPlease send me my data.',
    signatureName: 'Siobhán Ó Dálaigh',
  };
  const pdf = await postDraft({ caseId, templateKey: 'subject-access-request', format: 'pdf', document });
  expect(pdf.status).toBe(200);
  expect(pdfText(Buffer.from(await pdf.arrayBuffer()))).toContain('Siobhán Ó Dálaigh');
  const docx = await postDraft({ caseId, templateKey: 'subject-access-request', format: 'docx', document });
  expect(docx.status).toBe(200);
  expect(docx.headers.get('content-disposition')).toMatch(/attachment; filename=.*draft.*\.docx/);
  expect(
    (
      await postDraft(
        { caseId, templateKey: 'subject-access-request', format: 'pdf', document },
        { 'content-type': 'text/plain' },
      )
    ).status,
  ).toBe(422);
  expect(
    (
      await postDraft(
        { caseId, templateKey: 'subject-access-request', format: 'pdf', document },
        { 'content-type': 'application/json', origin: 'https://evil.example' },
      )
    ).status,
  ).toBe(422);
  const missing = await postDraft({
    caseId,
    templateKey: 'subject-access-request',
    format: 'pdf',
    document: { ...document, recipientAddress: ' ' },
  });
  expect(missing.status).toBe(422);
  expect(await missing.json()).toMatchObject({
    fieldErrors: { 'document.recipientAddress': 'Enter the recipient’s address' },
  });
});

test('not-yours and not-found answer the same 404, for members, other caseworkers and visitors', async () => {
  const letter = await db.letter.findFirstOrThrow({ where: { caseId } });
  const strangerMember = await makeUser('MEMBER');
  const strangerCaseworker = await makeUser('CASEWORKER');
  const document = {
    senderName: 'A',
    senderAddress: 'B',
    recipientName: 'C',
    recipientAddress: 'D',
    subject: 'E',
    body: 'F',
    signatureName: 'G',
  };
  for (const who of [strangerMember, strangerCaseworker]) {
    actAs(who);
    const mine = await fileOf(letter.id, 'pdf');
    const none = await fileOf('does-not-exist', 'pdf');
    expect(mine.status).toBe(404);
    expect(await mine.text()).toBe(await none.text());
    expect((await postDraft({ caseId, templateKey: 'chaser', format: 'pdf', document })).status).toBe(404);
    expect(await previewLetterAction({ caseId, templateKey: 'chaser', values: {} })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await saveLetterAction({ caseId, templateKey: 'chaser', sentOn: '2025-10-10', document })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    await expect(startDraft(who, reference, { templateKey: 'chaser' }, ctx)).rejects.toThrow(NotFoundError);
  }
  actAs(null);
  expect((await fileOf(letter.id, 'pdf')).status).toBe(401);
  // The format is part of the address: anything else is not found.
  actAs(member);
  expect((await fileOf(letter.id, 'html')).status).toBe(404);
});

test('a letter hung on a deleted event is gone for everyone', async () => {
  actAs(caseworker);
  const res = await addEventAction({ caseId, type: 'NOTE', date: day(2025, 1, 1), title: 'unrelated' });
  expect(res.ok).toBe(true);
  const letter = await db.letter.findFirstOrThrow({ where: { caseId, templateKey: 'chaser' } });
  await db.timelineEvent.update({ where: { id: letter.eventId }, data: { deletedAt: new Date() } });
  expect((await fileOf(letter.id, 'pdf')).status).toBe(404);
});

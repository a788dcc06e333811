import { db } from '@/lib/db/client';
import { discardLetterDraftAction, saveLetterAction, saveLetterDraftAction } from '@/lib/letters/actions';
import { startDraft } from '@/lib/letters/letter-services';
import { listLetterDrafts } from '@/lib/letters/letter-drafts';
import { NotFoundError } from '@/lib/errors';
import { actAs, ctx, ensureOrganisation, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Issue 10, point 7: letters keep drafts (saved, resumed as typed, listed, discarded on purpose, gone
// once the letter is saved as sent from it), and the member's postal address is entered once.

const TEMPLATE = 'request-for-particulars';
const LETTER = {
  senderName: 'A Member',
  senderAddress: '1 Road\nTown',
  recipientName: 'Governance and Legal Unit',
  recipientAddress: '1 Party Street',
  subject: 'Request for particulars',
  body: 'Dear Sir or Madam,\n\nPlease tell me what I am accused of.',
  signatureName: 'A Member',
};

let caseworker: TestUser;
beforeAll(async () => {
  await ensureOrganisation([
    {
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: 'Governance and Legal Unit',
      postalAddress: '1 Party Street\nLondon\nSW1A 1AA',
    },
  ]);
  caseworker = await makeUser('CASEWORKER');
});

async function newDraft(
  who: TestUser,
  caseId: string,
  values: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  actAs(who);
  const res = await saveLetterDraftAction({
    caseId,
    templateKey: TEMPLATE,
    data: { step: 'details', values },
    ...extra,
  });
  if (!res.ok) throw new Error(res.error);
  return res.data;
}

test('a caseworker saves a draft, comes back to it with everything as typed, and saves it again; it is listed on the Letters tab', async () => {
  const { kase, member } = await makeCase({ caseworker });
  const draft = await newDraft(caseworker, kase.id, { sender_name: 'Typed name', subject_extra: 'x' }).catch(
    (e: Error) => e,
  );
  expect(draft).toBeInstanceOf(Error); // a field the template does not have is refused

  const saved = await newDraft(caseworker, kase.id, { sender_name: 'Typed name' });
  expect(saved.version).toBe(1);
  const opened = await startDraft(caseworker, kase.reference, { draftId: saved.id }, ctx);
  expect(opened.template.key).toBe(TEMPLATE);
  expect(opened.values.sender_name).toBe('Typed name');
  expect(opened.draft).toMatchObject({ id: saved.id, version: 1, data: { step: 'details' } });

  // Saved again from the review step, with the letter as edited.
  actAs(caseworker);
  const again = await saveLetterDraftAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    draftId: saved.id,
    version: 1,
    data: {
      step: 'review',
      values: { sender_name: 'Typed name' },
      document: { ...LETTER, body: 'Half a letter' },
      sentOn: '2025-09-03',
    },
  });
  expect(again).toMatchObject({ ok: true, data: { id: saved.id, version: 2 } });
  const reopened = await startDraft(caseworker, kase.reference, { draftId: saved.id }, ctx);
  expect(reopened.draft?.data).toMatchObject({
    step: 'review',
    document: { body: 'Half a letter' },
    sentOn: '2025-09-03',
  });

  const listed = await listLetterDrafts(caseworker, kase.id);
  expect(listed).toEqual([
    expect.objectContaining({
      id: saved.id,
      title: expect.stringMatching(/^Request for the particulars/),
      savedBy: expect.stringContaining('(caseworker)'),
    }),
  ]);
  // The member does not see a caseworker's draft (it may be filled from caseworker-only entries).
  expect(await listLetterDrafts(member!, kase.id)).toEqual([]);
  await expect(startDraft(member!, kase.reference, { draftId: saved.id }, ctx)).rejects.toBeInstanceOf(NotFoundError);

  const audit = await db.auditLog.findMany({ where: { entityId: saved.id }, orderBy: { createdAt: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual([
    'letter-draft.save',
    'letter-draft.open',
    'letter-draft.save',
    'letter-draft.open',
  ]);
  expect(audit.every((a) => !a.memberVisible)).toBe(true);
});

test('two people saving the same draft: the second gets a clear conflict and nothing is overwritten', async () => {
  const { kase } = await makeCase({ caseworker });
  const saved = await newDraft(caseworker, kase.id, { sender_name: 'First' });
  const coordinator = await makeUser('COORDINATOR');
  actAs(coordinator);
  expect(
    await saveLetterDraftAction({
      caseId: kase.id,
      templateKey: TEMPLATE,
      draftId: saved.id,
      version: 1,
      data: { step: 'details', values: { sender_name: 'Coordinator' } },
    }),
  ).toMatchObject({ ok: true });
  actAs(caseworker);
  const stale = await saveLetterDraftAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    draftId: saved.id,
    version: 1,
    data: { step: 'details', values: { sender_name: 'Caseworker' } },
  });
  expect(stale).toMatchObject({
    ok: false,
    code: 'conflict',
    error: expect.stringMatching(/changed or discarded by someone else/),
  });
  expect((await db.letterDraft.findUniqueOrThrow({ where: { id: saved.id } })).data).toMatchObject({
    values: { sender_name: 'Coordinator' },
  });
});

test('a draft is discarded on purpose; a stale page cannot discard it; another case’s draft is not found', async () => {
  const { kase } = await makeCase({ caseworker });
  const other = await makeCase({ caseworker });
  const saved = await newDraft(caseworker, kase.id, { sender_name: 'To discard' });
  // Another case's draft: not found through this case, for opening and for saving.
  await expect(startDraft(caseworker, other.kase.reference, { draftId: saved.id }, ctx)).rejects.toBeInstanceOf(
    NotFoundError,
  );
  actAs(caseworker);
  expect(
    await saveLetterDraftAction({
      caseId: other.kase.id,
      templateKey: TEMPLATE,
      draftId: saved.id,
      version: 1,
      data: { step: 'details', values: {} },
    }),
  ).toMatchObject({ ok: false, code: 'not_found' });
  // A caseworker not on the case cannot discard it.
  actAs(await makeUser('CASEWORKER'));
  expect(await discardLetterDraftAction({ draftId: saved.id, version: 1 })).toMatchObject({
    ok: false,
    code: 'not_found',
  });
  actAs(caseworker);
  expect(await discardLetterDraftAction({ draftId: saved.id, version: 2 })).toMatchObject({
    ok: false,
    code: 'conflict',
  });
  expect(await discardLetterDraftAction({ draftId: saved.id, version: 1 })).toMatchObject({ ok: true });
  expect(await db.letterDraft.findUnique({ where: { id: saved.id } })).toBeNull();
  expect(await db.auditLog.count({ where: { entityId: saved.id, action: 'letter-draft.discard' } })).toBe(1);
});

test('saving the letter as sent from a draft removes the draft in the same transaction; a stale draft version saves nothing', async () => {
  const { kase } = await makeCase({ caseworker });
  const saved = await newDraft(caseworker, kase.id, { sender_name: 'Sender' });
  actAs(caseworker);
  const before = await db.letter.count({ where: { caseId: kase.id } });
  const stale = await saveLetterAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    sentOn: '2025-09-03',
    document: LETTER,
    draftId: saved.id,
    draftVersion: 7,
  });
  expect(stale).toMatchObject({ ok: false, code: 'conflict' });
  expect(await db.letter.count({ where: { caseId: kase.id } })).toBe(before);
  expect(await db.letterDraft.count({ where: { id: saved.id } })).toBe(1);

  const sent = await saveLetterAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    sentOn: '2025-09-03',
    document: LETTER,
    draftId: saved.id,
    draftVersion: 1,
  });
  expect(sent).toMatchObject({ ok: true });
  expect(await db.letter.count({ where: { caseId: kase.id } })).toBe(before + 1);
  expect(await db.letterDraft.count({ where: { id: saved.id } })).toBe(0);
  expect(await listLetterDrafts(caseworker, kase.id)).toEqual([]);
});

test('a member keeps their own drafts; staff who can open the case see them too', async () => {
  const { kase, member } = await makeCase({ caseworker });
  const saved = await newDraft(member!, kase.id, { sender_name: 'Me' });
  expect((await listLetterDrafts(member!, kase.id)).map((d) => d.id)).toEqual([saved.id]);
  expect((await listLetterDrafts(caseworker, kase.id)).map((d) => d.id)).toEqual([saved.id]);
  expect(await listLetterDrafts(await makeUser('CASEWORKER'), kase.id)).toEqual([]);
});

test('the member’s address fills the letter; when none is stored, it is remembered once (audited, versioned) and never retyped', async () => {
  const { kase, person } = await makeCase({ caseworker });
  const first = await startDraft(caseworker, kase.reference, { templateKey: TEMPLATE }, ctx);
  expect(first.person).toEqual({ version: 1, hasAddress: false });
  expect(first.values.sender_address).toBe('');
  expect(first.missing).toContain('sender_address');

  // Without the box ticked, saving a draft stores nothing.
  await newDraft(caseworker, kase.id, { sender_address: '2 Lane\nVillage' }, { personVersion: 1 });
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).postalAddress).toBeNull();

  // From an out-of-date form (the record changed since): a conflict, and the letter is not saved.
  await db.person.update({ where: { id: person.id }, data: { phone: '0123', version: { increment: 1 } } });
  actAs(caseworker);
  const before = await db.letter.count({ where: { caseId: kase.id } });
  const stale = await saveLetterAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    sentOn: '2025-09-03',
    document: LETTER,
    memberAddress: '2 Lane\nVillage',
    personVersion: 1,
  });
  expect(stale).toMatchObject({ ok: false, code: 'conflict' });
  expect(await db.letter.count({ where: { caseId: kase.id } })).toBe(before);

  // Saved as sent with "remember this address": stored on the person, audited with the field name.
  const sent = await saveLetterAction({
    caseId: kase.id,
    templateKey: TEMPLATE,
    sentOn: '2025-09-03',
    document: LETTER,
    memberAddress: '2 Lane\nVillage',
    personVersion: 2,
  });
  expect(sent).toMatchObject({ ok: true });
  const stored = await db.person.findUniqueOrThrow({ where: { id: person.id } });
  expect(stored).toMatchObject({ postalAddress: '2 Lane\nVillage', version: 3 });
  const audit = await db.auditLog.findMany({ where: { entityId: person.id, action: 'person.address' } });
  expect(audit).toHaveLength(1);
  expect(audit[0]!.fields).toEqual(['postalAddress']);

  // The next letter is filled from it; a later "remember" never overwrites it.
  const next = await startDraft(caseworker, kase.reference, { templateKey: 'chaser' }, ctx);
  expect(next.person.hasAddress).toBe(true);
  expect(next.values.sender_address).toBe('2 Lane\nVillage');
  const again = await newDraft(
    caseworker,
    kase.id,
    { sender_address: 'Somewhere else' },
    {
      personVersion: 3,
      data: { step: 'details', values: { sender_address: 'Somewhere else' }, rememberAddress: true },
    },
  );
  expect(again.addressStored).toBe(false);
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).postalAddress).toBe('2 Lane\nVillage');
  expect(await db.auditLog.count({ where: { entityId: person.id, action: 'person.address' } })).toBe(1);
});

test('a draft saved with “remember this address” stores the address at once', async () => {
  const { kase, person } = await makeCase({ caseworker });
  const saved = await newDraft(
    caseworker,
    kase.id,
    {},
    { personVersion: 1, data: { step: 'details', values: { sender_address: '3 Close, Town' }, rememberAddress: true } },
  );
  expect(saved.addressStored).toBe(true);
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).postalAddress).toBe('3 Close, Town');
});

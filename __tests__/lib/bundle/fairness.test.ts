import { db } from '@/lib/db/client';
import { saveFairnessAction } from '@/lib/bundle/actions';
import { publishReviewAction } from '@/lib/bundle/actions';
import { getFairness } from '@/lib/bundle/fairness';
import { actAs, makeCase, makeEvidence, makeUser } from '../../helpers/factories';

const answer = (
  question: string,
  answer: 'YES' | 'NO' | 'UNKNOWN',
  version = 0,
  extra: { note?: string; internalNote?: string; evidenceIds?: string[] } = {},
) => ({ question, answer, version, ...extra }) as never;

test('staff answer the fairness questions with notes and evidence; every question is listed; versions stop silent overwrites', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  const e1 = await makeEvidence(kase.id, member!.id);
  const hidden = await makeEvidence(kase.id, caseworker.id, { visibility: 'CASEWORKERS' });
  actAs(caseworker);
  const first = await saveFairnessAction({
    caseId: kase.id,
    recommendation: 'Reinstate: no hearing in 3 years.',
    findings: [
      answer('TOLD_ALLEGATIONS', 'NO', 0, {
        note: 'Only told "conduct"',
        internalNote: 'INTERNAL-ZX: chair is hostile',
        evidenceIds: [e1.id, hidden.id],
      }),
      answer('APPEAL_OFFERED', 'YES'),
    ],
  });
  expect(first).toMatchObject({ ok: true, data: { changed: 3 } });

  const staffView = (await getFairness(caseworker, kase.id)).draft!;
  expect(staffView.findings).toHaveLength(7);
  expect(staffView.findings.find((f) => f.question === 'TOLD_ALLEGATIONS')).toMatchObject({
    answer: 'NO',
    note: 'Only told "conduct"',
    internalNote: 'INTERNAL-ZX: chair is hostile',
    version: 1,
  });
  expect(staffView.findings.find((f) => f.question === 'SHOWN_EVIDENCE')).toMatchObject({
    answer: 'UNKNOWN',
    version: 0,
  });
  expect(staffView.recommendation).toBe('Reinstate: no hearing in 3 years.');
  // Until it is published the member sees nothing of the draft.
  const unpublished = await getFairness(member!, kase.id);
  expect(unpublished).toMatchObject({ draft: null, published: null });
  expect(JSON.stringify(unpublished)).not.toContain('Reinstate: no hearing');
  // Published: the member reads the findings and recommendation, never internal notes or links to caseworker-only evidence.
  actAs(member!);
  expect(await publishReviewAction({ caseId: kase.id })).toMatchObject({ ok: false, code: 'not_found' });
  actAs(caseworker);
  expect(await publishReviewAction({ caseId: kase.id })).toMatchObject({ ok: true, data: { version: 1 } });
  const memberView = await getFairness(member!, kase.id);
  expect(memberView.draft).toBeNull();
  expect(memberView.published!.findings.find((f) => f.question === 'TOLD_ALLEGATIONS')).toMatchObject({
    note: 'Only told "conduct"',
    evidenceIds: [e1.id],
  });
  expect(memberView.published!.recommendation).toBe('Reinstate: no hearing in 3 years.');
  expect(JSON.stringify(memberView)).not.toContain('INTERNAL-ZX');
  expect(JSON.stringify(memberView)).not.toContain(hidden.id);
  // Later draft changes stay unpublished until published again.
  expect(
    await saveFairnessAction({
      caseId: kase.id,
      recommendation: 'DRAFT-ONLY change',
      findings: [answer('APPEAL_OFFERED', 'YES', 1)],
    }),
  ).toMatchObject({ ok: true });
  expect((await getFairness(member!, kase.id)).published!.recommendation).toBe('Reinstate: no hearing in 3 years.');

  // A second person working from the old version is told, and nothing of theirs is half-written.
  const stale = await saveFairnessAction({
    caseId: kase.id,
    findings: [answer('SHOWN_EVIDENCE', 'NO'), answer('TOLD_ALLEGATIONS', 'YES', 0)],
  });
  expect(stale).toMatchObject({ ok: false, code: 'conflict' });
  expect(
    (await getFairness(caseworker, kase.id)).draft!.findings.find((f) => f.question === 'SHOWN_EVIDENCE')!.version,
  ).toBe(0);
  expect(
    await saveFairnessAction({
      caseId: kase.id,
      recommendation: 'DRAFT-ONLY change',
      findings: [answer('TOLD_ALLEGATIONS', 'YES', 1)],
    }),
  ).toMatchObject({ ok: true });
  expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'fairness.update' } })).toBe(3);
  expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'review.publish', memberVisible: true } })).toBe(
    1,
  );
});

test('bad input is refused by field; evidence from another case is refused', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  const other = await makeCase({ caseworker });
  const foreign = await makeEvidence(other.kase.id, caseworker.id);
  actAs(caseworker);
  expect(
    await saveFairnessAction({ caseId: kase.id, findings: [answer('TOLD_ALLEGATIONS', 'MAYBE' as never)] }),
  ).toMatchObject({ ok: false, fieldErrors: { 'findings.0.answer': 'Choose yes, no or not known' } });
  expect(await saveFairnessAction({ caseId: kase.id, findings: [answer('NOT_A_QUESTION', 'YES')] })).toMatchObject({
    ok: false,
    code: 'invalid',
  });
  expect(
    await saveFairnessAction({
      caseId: kase.id,
      findings: [answer('TOLD_ALLEGATIONS', 'YES', 0, { evidenceIds: [foreign.id] })],
    }),
  ).toMatchObject({ ok: false, code: 'invalid' });
  expect(await db.fairnessFinding.count({ where: { caseId: kase.id } })).toBe(0);
});

test('members, unassigned caseworkers and visitors cannot save it', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const stranger = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  for (const who of [member!, stranger]) {
    actAs(who);
    expect(await saveFairnessAction({ caseId: kase.id, findings: [answer('TOLD_ALLEGATIONS', 'YES')] })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  }
  actAs(null);
  expect(await saveFairnessAction({ caseId: kase.id, findings: [answer('TOLD_ALLEGATIONS', 'YES')] })).toMatchObject({
    ok: false,
    code: 'unauthenticated',
  });
  await expect(getFairness(stranger, kase.id)).rejects.toThrow();
});

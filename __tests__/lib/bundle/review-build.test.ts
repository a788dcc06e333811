import { db } from '@/lib/db/client';
import {
  publishReviewAction,
  saveFairnessAction,
  startReviewAction,
  startReviewPackAction,
} from '@/lib/bundle/actions';
import { getBundleStatus, listReviewPacks, openBundle } from '@/lib/bundle/bundle-services';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { addEventAction } from '@/lib/timeline/actions';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { checkPdf, pageTexts } from './bundle-fixtures';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function finished(who: TestUser, id: string) {
  await bundleQueueIdle();
  const status = await getBundleStatus(who, id);
  if (status.status !== 'READY') throw new Error(`${status.status}: ${status.error}`);
  const bytes = await readAll((await openBundle(who, id, ctx)).stream);
  return { bytes, pages: status.pageCount!, texts: pageTexts(bytes, status.pageCount!) };
}

let coordinator: TestUser;
let caseworker: TestUser;
const cases: { id: string; reference: string; name: string }[] = [];

beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  caseworker = await makeUser('CASEWORKER');
  for (let i = 0; i < 3; i++) {
    const c = await makeCase({ caseworker });
    cases.push({ id: c.kase.id, reference: c.kase.reference, name: c.member!.name });
    actAs(caseworker);
    await addEventAction({
      caseId: c.kase.id,
      type: 'NOTICE_OF_SUSPENSION',
      date: { precision: 'DAY', year: 2021, month: 3, day: 1 },
      title: 'Suspended',
    });
    await saveFairnessAction({
      caseId: c.kase.id,
      recommendation: `Recommendation for case ${i}: reinstate.`,
      findings: [
        {
          question: 'TOLD_ALLEGATIONS',
          answer: 'NO',
          note: `Never told, case ${i}`,
          internalNote: `INTERNAL-NOTE-${i}`,
          evidenceIds: [],
          version: 0,
        },
        { question: 'APPEAL_OFFERED', answer: 'YES', evidenceIds: [], version: 0 },
      ],
    });
    expect(await publishReviewAction({ caseId: c.kase.id })).toMatchObject({ ok: true });
    // A later draft change is not what a panel reads.
    await saveFairnessAction({
      caseId: c.kase.id,
      recommendation: `DRAFT-ONLY ${i}`,
      findings: [{ question: 'APPEAL_OFFERED', answer: 'NO', evidenceIds: [], version: 1 }],
    });
  }
});

test('a review PDF or pack needs a published review', async () => {
  const c = await makeCase({ caseworker });
  actAs(caseworker);
  await saveFairnessAction({
    caseId: c.kase.id,
    findings: [{ question: 'TOLD_ALLEGATIONS', answer: 'NO', evidenceIds: [], version: 0 }],
  });
  expect(await startReviewAction({ caseId: c.kase.id })).toMatchObject({
    ok: false,
    code: 'invalid',
    error: expect.stringMatching(/not been published/),
  });
  actAs(coordinator);
  expect(await startReviewPackAction({ caseIds: [cases[0]!.id, c.kase.id] })).toMatchObject({
    ok: false,
    code: 'invalid',
    error: expect.stringContaining(c.kase.reference),
  });
});

test('a case review PDF states each fairness question, its answer and note, and the recommendation', async () => {
  actAs(caseworker);
  const res = await startReviewAction({ caseId: cases[0]!.id });
  if (!res.ok) throw new Error(res.error);
  const { bytes, pages, texts } = await finished(caseworker, res.data.id);
  expect(checkPdf(bytes)).toBe(pages);
  const all = texts.join('\n').replace(/\s+/g, ' '); // table cells wrap
  expect(all).toContain('Was the member told the');
  expect(all).toContain('allegations against them?');
  expect(all).toContain('Never told, case 0');
  expect(all).toContain('Recommendation for case 0: reinstate.');
  expect(all).not.toContain('INTERNAL-NOTE');
  expect(all).not.toContain('DRAFT-ONLY');
  expect(all).toContain(cases[0]!.reference);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
});

test('a review pack: cover, index, a summary of every case first, then each case; numbered throughout; coordinators only', async () => {
  actAs(caseworker);
  expect(await startReviewPackAction({ caseIds: cases.map((c) => c.id) })).toMatchObject({
    ok: false,
    code: 'not_found',
  });
  actAs(coordinator);
  expect(await startReviewPackAction({ caseIds: [] })).toMatchObject({
    ok: false,
    fieldErrors: { caseIds: 'Choose at least one case' },
  });
  const res = await startReviewPackAction({ caseIds: cases.map((c) => c.id) });
  if (!res.ok) throw new Error(res.error);
  const { bytes, pages, texts } = await finished(coordinator, res.data.id);
  expect(checkPdf(bytes)).toBe(pages);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
  const summaryPage = texts.findIndex(
    (t) => t.includes('Summary of the cases') && cases.every((c) => t.includes(c.reference)),
  );
  const firstCasePage = texts.findIndex((t, i) => i > summaryPage && t.includes('Never told, case'));
  expect(summaryPage).toBeGreaterThan(0);
  expect(firstCasePage).toBeGreaterThan(summaryPage);
  for (const [i] of cases.entries()) expect(texts.join('\n')).toContain(`Recommendation for case ${i}: reinstate.`);
  expect((await listReviewPacks(coordinator)).map((p) => p.id)).toContain(res.data.id);
  await expect(openBundle(caseworker, res.data.id, ctx)).rejects.toThrow();
  expect(
    await db.auditLog.count({
      where: { entityId: res.data.id, action: { in: ['review-pack.create', 'review-pack.built', 'bundle.download'] } },
    }),
  ).toBe(3);
});

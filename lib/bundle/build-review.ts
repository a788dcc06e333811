import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { db } from '../db/client';
import { storeBuild } from './store-build';
import { createBundleWriter, type OutlineEntry } from './pdf-writer';
import { indexPageCount, renderCover, renderIndex, renderReviewCase, renderReviewSummary, type IndexRow } from './render-parts';
import { reviewData } from './review-data';

// A case's reinstatement review (one PDF) and the coordinator's review pack (summary table first,
// then each case's review, numbered and indexed like a bundle). Same streaming writer as bundles.

const range = (first: number, count: number) => (count <= 1 ? String(first) : `${first}–${first + count - 1}`);
const today = () => new Date().toISOString().slice(0, 10);

export async function buildReview(bundleId: string): Promise<void> {
  const bundle = await db.bundle.findUniqueOrThrow({
    where: { id: bundleId },
    select: { id: true, kind: true, caseId: true, caseIds: true, createdBy: { select: { name: true, role: true } } },
  });
  const caseIds = bundle.kind === 'CASE_REVIEW' ? [bundle.caseId!] : bundle.caseIds;
  const pack = bundle.kind === 'REVIEW_PACK';
  await storeBuild({
    id: bundleId, caseId: bundle.caseId, key: `reviews/${bundleId.toLowerCase()}`, auditAction: pack ? 'review-pack.built' : 'review.built',
    failure: 'The review could not be built. Nothing was lost; please try again.',
  }, async (sink) => {
    const title = pack ? `Reinstatement review pack (${caseIds.length} cases)` : 'Reinstatement review';
    const writer = createBundleWriter(sink, { info: { title, author: bundle.createdBy.name, subject: title }, stamp: (n) => `Review · Page ${n}` });
    const data = [];
    for (const id of caseIds) data.push(await db.$transaction((tx) => reviewData(tx, id)));
    const outline: OutlineEntry[] = [];
    let slot: { first: number; count: number } | null = null;
    const rows: IndexRow[] = [];
    if (pack) {
      await writer.append((await renderCover({
        title, reference: `${caseIds.length} cases`, memberName: '—', branch: null, purpose: 'Reinstatement review', generatedOn: today(),
        preparedBy: bundle.createdBy.name, preparedRole: 'coordinator',
      })).bytes);
      outline.push({ title: 'Cover', page: 1 });
      slot = writer.reserve(indexPageCount(caseIds.length + 2));
      outline.push({ title: 'Index', page: slot.first });
      rows.push({ level: 1, label: '', title: 'Index', pages: range(slot.first, slot.count), target: slot.first });
      const first = writer.pageCount + 1;
      await writer.append((await renderReviewSummary(data.map((d) => d.summary), { title: 'Summary of the cases', generatedOn: today(), preparedBy: bundle.createdBy.name })).bytes);
      rows.push({ level: 1, label: '', title: 'Summary of the cases', pages: range(first, writer.pageCount - first + 1), target: first });
      outline.push({ title: 'Summary of the cases', page: first });
    }
    for (const [i, d] of data.entries()) {
      const first = writer.pageCount + 1;
      await writer.append((await renderReviewCase(d.input)).bytes);
      rows.push({ level: 2, label: d.input.reference, title: d.input.memberName, pages: range(first, writer.pageCount - first + 1), target: first });
      outline.push({ title: `${d.input.reference} ${d.input.memberName}`, page: first });
      await db.bundle.update({ where: { id: bundleId }, data: { progress: Math.min(99, Math.round(((i + 1) / data.length) * 100)), progressNote: d.input.reference } });
      await yieldToOthers();
    }
    if (slot) {
      const index = await renderIndex(rows, { title: 'Index' });
      await writer.fill(slot, index.bytes, { links: index.links });
    }
    return writer.finish({ outline });
  });
}

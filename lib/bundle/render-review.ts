import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { PassThrough } from 'node:stream';
import type { BuildProgress } from './pdf-to-store';
import { createBundleWriter, type OutlineEntry } from './pdf-writer';
import {
  indexPageCount,
  renderCover,
  renderIndex,
  renderReviewCase,
  renderReviewSummary,
  type IndexRow,
  type ReviewCaseInput,
  type ReviewSummaryRow,
} from './render-parts';

// Draws a case's reinstatement review (one PDF) or the coordinator's review pack (summary table first,
// then each case's review, numbered and indexed like a bundle), in the PDF worker process, from what the
// server process read (lib/bundle/build-review.ts). Same streaming writer as bundles.

const range = (first: number, count: number) => (count <= 1 ? String(first) : `${first}–${first + count - 1}`);

export type ReviewRenderInput = {
  pack: boolean;
  createdBy: { name: string };
  cases: { input: ReviewCaseInput; summary: ReviewSummaryRow }[];
  generatedOn: string;
};

export async function renderReview(
  review: ReviewRenderInput,
  sink: PassThrough,
  report: BuildProgress,
): Promise<{ pageCount: number }> {
  const { pack, cases: data, generatedOn } = review;
  const title = pack ? `Reinstatement review pack (${data.length} cases)` : 'Reinstatement review';
  const writer = createBundleWriter(sink, {
    info: { title, author: review.createdBy.name, subject: title },
    stamp: (n) => `Review · Page ${n}`,
  });
  const outline: OutlineEntry[] = [];
  let slot: { first: number; count: number } | null = null;
  const rows: IndexRow[] = [];
  if (pack) {
    await writer.append(
      (
        await renderCover({
          title,
          reference: `${data.length} cases`,
          memberName: '—',
          branch: null,
          purpose: 'Reinstatement review',
          generatedOn,
          preparedBy: review.createdBy.name,
          preparedRole: 'coordinator',
        })
      ).bytes,
    );
    outline.push({ title: 'Cover', page: 1 });
    slot = writer.reserve(indexPageCount(data.length + 2));
    outline.push({ title: 'Index', page: slot.first });
    rows.push({ level: 1, label: '', title: 'Index', pages: range(slot.first, slot.count), target: slot.first });
    const first = writer.pageCount + 1;
    await writer.append(
      (
        await renderReviewSummary(
          data.map((d) => d.summary),
          { title: 'Summary of the cases', generatedOn, preparedBy: review.createdBy.name },
        )
      ).bytes,
    );
    rows.push({
      level: 1,
      label: '',
      title: 'Summary of the cases',
      pages: range(first, writer.pageCount - first + 1),
      target: first,
    });
    outline.push({ title: 'Summary of the cases', page: first });
  }
  for (const [i, d] of data.entries()) {
    const first = writer.pageCount + 1;
    await writer.append((await renderReviewCase(d.input)).bytes);
    rows.push({
      level: 2,
      label: d.input.reference,
      title: d.input.memberName,
      pages: range(first, writer.pageCount - first + 1),
      target: first,
    });
    outline.push({ title: `${d.input.reference} ${d.input.memberName}`, page: first });
    report(Math.min(99, Math.round(((i + 1) / data.length) * 100)), d.input.reference);
    await yieldToOthers();
  }
  if (slot) {
    const index = await renderIndex(rows, { title: 'Index' });
    await writer.fill(slot, index.bytes, { links: index.links });
  }
  return writer.finish({ outline });
}

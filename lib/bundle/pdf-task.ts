import { pdfToStore, type BuildProgress, type StoredPdf } from './pdf-to-store';
import { renderBundle, type BundleRenderInput } from './render-bundle';
import { renderReview, type ReviewRenderInput } from './render-review';

/** What to draw: all the worker needs is in the message. */
export type PdfWork = { kind: 'bundle'; input: BundleRenderInput } | { kind: 'review'; input: ReviewRenderInput };
/** One PDF for the worker process to draw and store at `key`. */
export type PdfTask = PdfWork & { key: string };

export function runPdfTask(task: PdfTask, report: BuildProgress): Promise<StoredPdf> {
  return pdfToStore(task.key, (sink) =>
    task.kind === 'bundle' ? renderBundle(task.input, sink, report) : renderReview(task.input, sink, report),
  );
}

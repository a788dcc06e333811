import crypto from 'node:crypto';
import { db } from '../db/client';
import { storeBuild } from './store-build';
import { reviewData } from './review-data';

// A case's reinstatement review and the coordinator's review pack: the cases are read here, in the
// server's process, each in a transaction of its own; the PDF is drawn by a PDF worker process
// (lib/bundle/render-review.ts).

export async function buildReview(
  bundleId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ workerMaxRssMb: number | null }> {
  const bundle = await db.bundle.findUniqueOrThrow({
    where: { id: bundleId },
    select: { id: true, kind: true, caseId: true, caseIds: true, createdBy: { select: { name: true } } },
  });
  const caseIds = bundle.kind === 'CASE_REVIEW' ? [bundle.caseId!] : bundle.caseIds;
  const pack = bundle.kind === 'REVIEW_PACK';
  return storeBuild(
    {
      id: bundleId,
      caseId: bundle.caseId,
      // A file of its own for each build: one taken over by another server never shares its predecessor's.
      key: `reviews/${bundleId.toLowerCase()}/${crypto.randomUUID()}`,
      auditAction: pack ? 'review-pack.built' : 'review.built',
      failure: 'The review could not be built. Nothing was lost; please try again.',
    },
    async () => {
      const cases = [];
      for (const id of caseIds) {
        const { input, summary } = await db.$transaction((tx) => reviewData(tx, id));
        cases.push({ input, summary });
      }
      return {
        kind: 'review' as const,
        input: { pack, createdBy: bundle.createdBy, cases, generatedOn: new Date().toISOString().slice(0, 10) },
      };
    },
    opts,
  );
}

import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import type { AuditAction } from '../audit/actions';
import { getBlobStore } from '../evidence/storage';
import { runPdfWorker, warmPdfWorker } from '../jobs/worker-process';
import type { PdfTask, PdfWork } from './pdf-task';

/**
 * Runs one build. The key is recorded on the row before any byte is stored (so the orphan sweep never
 * takes a build in progress); `prepare` reads what the build needs from the database, here; a PDF worker
 * process draws it and encrypts it into the blob store as it is written, and its progress is written to the
 * row (at most twice a second). The worker is warmed first, so its start overlaps the reading. Success marks the
 * row READY with its fingerprint and page count and audits it; any failure, or a stop (`signal`: the job's time
 * limit, or its lease lost to another server), deletes what was stored and marks the row FAILED with a plain
 * message, in both cases only while the row still names this build's file.
 */
export async function storeBuild(
  bundle: { id: string; caseId: string | null; key: string; auditAction: AuditAction; failure: string },
  prepare: () => Promise<PdfWork>,
  opts: { signal?: AbortSignal } = {},
): Promise<{ workerMaxRssMb: number | null }> {
  await db.bundle.update({
    where: { id: bundle.id },
    data: { status: 'BUILDING', startedAt: new Date(), progress: 1, progressNote: 'Starting', storageKey: bundle.key },
  });
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const progress = (value: number, note: string) => {
    const now = Date.now();
    if (now - lastWrite < 500) return;
    lastWrite = now;
    writing = writing
      .then(() =>
        db.bundle.updateMany({
          where: { id: bundle.id, status: 'BUILDING' },
          data: { progress: value, progressNote: note },
        }),
      )
      .catch(() => undefined);
  };
  try {
    warmPdfWorker();
    const task: PdfTask = { ...(await prepare()), key: bundle.key };
    const { result, maxRssMb } = await runPdfWorker(task, progress, opts.signal);
    await writing;
    if (opts.signal?.aborted) throw new Error('Stopped before the build was recorded.');
    // Only while the row is still this build's: a server whose job was taken over must not mark another
    // server's build ready (nor leave the row naming a file that is about to be deleted).
    const recorded = await db.$transaction(async (tx) => {
      const marked = await tx.bundle.updateMany({
        where: { id: bundle.id, status: 'BUILDING', storageKey: bundle.key },
        data: {
          status: 'READY',
          progress: 100,
          progressNote: 'Ready',
          pageCount: result.pageCount,
          wrappedKey: result.wrappedKey,
          sha256: result.sha256,
          sizeBytes: result.size,
          finishedAt: new Date(),
        },
      });
      if (marked.count === 0) return false;
      await writeAudit(tx, {
        actorId: null,
        action: bundle.auditAction,
        entityType: 'Bundle',
        entityId: bundle.id,
        caseId: bundle.caseId,
        fields: ['pdf'],
      });
      return true;
    });
    if (!recorded) throw new Error('The bundle was taken over or removed while it was built.');
    return { workerMaxRssMb: maxRssMb };
  } catch (err) {
    await writing;
    await getBlobStore()
      .delete(bundle.key)
      .catch(() => undefined);
    console.error(`[bundle ${bundle.id}] failed:`, err);
    // Only this build's row: one taken over by another server is that server's to finish.
    await db.bundle.updateMany({
      where: { id: bundle.id, storageKey: bundle.key },
      data: { status: 'FAILED', storageKey: null, error: bundle.failure, finishedAt: new Date() },
    });
    return { workerMaxRssMb: null };
  }
}

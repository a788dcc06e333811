import { PassThrough } from 'node:stream';
import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import type { AuditAction } from '../audit/actions';
import { encryptToStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';

/**
 * Runs one build whose PDF is written to `sink` and encrypted into the blob store as it is written.
 * The key is recorded on the row before any byte is stored (so the orphan sweep never takes a build
 * in progress); success marks the row READY with its fingerprint and page count and audits it; any
 * failure deletes what was stored and marks the row FAILED with a plain message.
 */
export async function storeBuild(
  bundle: { id: string; caseId: string | null; key: string; auditAction: AuditAction; failure: string },
  write: (sink: PassThrough) => Promise<{ pageCount: number }>,
): Promise<void> {
  const store = getBlobStore();
  await db.bundle.update({ where: { id: bundle.id }, data: { status: 'BUILDING', startedAt: new Date(), progress: 1, progressNote: 'Starting', storageKey: bundle.key } });
  const sink = new PassThrough();
  const storing = encryptToStore(store, bundle.key, sink);
  storing.catch(() => undefined); // awaited below; a failure is reported there
  try {
    const { pageCount } = await write(sink);
    sink.end();
    const stored = await storing;
    await db.$transaction(async (tx) => {
      await tx.bundle.update({
        where: { id: bundle.id },
        data: { status: 'READY', progress: 100, progressNote: 'Ready', pageCount, wrappedKey: stored.wrappedKey, sha256: stored.sha256, sizeBytes: stored.size, finishedAt: new Date() },
      });
      await writeAudit(tx, { actorId: null, action: bundle.auditAction, entityType: 'Bundle', entityId: bundle.id, caseId: bundle.caseId, fields: ['pdf'] });
    });
  } catch (err) {
    sink.destroy(err as Error);
    await storing.catch(() => undefined);
    await store.delete(bundle.key).catch(() => undefined);
    console.error(`[bundle ${bundle.id}] failed:`, err);
    await db.bundle.update({ where: { id: bundle.id }, data: { status: 'FAILED', storageKey: null, error: bundle.failure, finishedAt: new Date() } });
  }
}

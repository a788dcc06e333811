import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import { deleteErasedBlobs, deleteOutboxMail } from './delete-files';
import { eraseSubject } from './erase-subject';
import { readErasureLog, type ErasureLogEntry } from './erasure-log';

export type ReplayResult = { entries: number; replayed: number; caseCount: number; filesDeleted: number };

/**
 * After a restore (scripts/restore.ts → lib/backup/after-restore.ts): every erasure in KEY_DIR/erasures.log is applied
 * again to the restored database, so a backup taken before an erasure cannot bring the person back. An entry whose
 * data is already gone changes nothing (the erasure is idempotent); the request row is marked DONE (or made again, if
 * the backup is older than the request) with an audit row "erasure.done" with no actor and the field "replayed".
 */
export async function replayErasures(entries?: ErasureLogEntry[]): Promise<ReplayResult> {
  const log = entries ?? (await readErasureLog());
  const result: ReplayResult = { entries: log.length, replayed: 0, caseCount: 0, filesDeleted: 0 };
  for (const entry of log) {
    const erased = await db.$transaction(
      async (tx) => {
        const out = await eraseSubject(tx, { personId: entry.personId, userId: entry.userId, caseIds: entry.caseIds });
        const request = await tx.erasureRequest.findUnique({
          where: { id: entry.requestId },
          select: { status: true },
        });
        const changed = out.caseCount > 0 || out.fileCount > 0 || out.names.length > 0;
        if (request?.status === 'DONE' && !changed) return null;
        const done = {
          status: 'DONE' as const,
          completedAt: new Date(entry.on),
          caseCount: out.caseCount,
          fileCount: out.fileCount,
        };
        await tx.erasureRequest.upsert({
          where: { id: entry.requestId },
          create: {
            id: entry.requestId,
            personId: entry.personId,
            userId: entry.userId,
            requestedById: entry.userId ?? 'unknown',
            ...done,
          },
          update: done,
        });
        await writeAudit(tx, {
          actorId: null,
          action: 'erasure.done',
          entityType: 'ErasureRequest',
          entityId: entry.requestId,
          fields: ['replayed', `cases:${out.caseCount}`, `files:${out.fileCount}`],
        });
        return out;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (!erased) continue;
    result.replayed++;
    result.caseCount += erased.caseCount;
    result.filesDeleted += await deleteErasedBlobs(erased.blobKeys, erased.caseIds);
    await deleteOutboxMail(erased.names);
  }
  return result;
}

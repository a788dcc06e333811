import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import { deleteErasedBlobs, deleteOutboxMail } from './delete-files';
import { eraseSubject } from './erase-subject';
import { readErasureLog, type ErasureLogEntry } from './erasure-log';

export type ReplayResult = { entries: number; replayed: number; caseCount: number; filesDeleted: number };

/**
 * After a restore (scripts/restore.ts → lib/backup/after-restore.ts): every erasure in KEY_DIR/erasures.log is applied
 * again to the restored database, so a backup taken before an erasure cannot bring the person back. An entry whose
 * data is already gone changes nothing (the erasure is idempotent); otherwise the request row is marked DONE when the
 * backup has it, and an audit row "erasure.done" with no actor and the field "replayed" records the replay.
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
        if (!changed && (!request || request.status === 'DONE')) return null;
        // The request row, when the restored backup has it (a retention erasure has none), is marked DONE; the
        // audit row below records the replay either way.
        await tx.erasureRequest.updateMany({
          where: { id: entry.requestId },
          data: { status: 'DONE', completedAt: new Date(entry.on), caseCount: out.caseCount, fileCount: out.fileCount },
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

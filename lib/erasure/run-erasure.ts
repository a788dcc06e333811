import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import type { Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { ConflictError } from '../errors';
import { deleteErasedBlobs, deleteOutboxMail } from './delete-files';
import { eraseSubject } from './erase-subject';
import { currentSubject, lockRequest } from './lock-request';
import { erasureAddressOf, tellMemberErased } from './notify';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export type ErasureResult = {
  alreadyDone: boolean;
  caseCount: number;
  fileCount: number;
  filesDeleted: number;
  mailsDeleted: number;
  told: boolean;
};

/**
 * The erasure of an APPROVED request: every row in one transaction, which also marks the request DONE with its counts
 * and writes the audit record of the fact ("erasure.done": who, when, how many cases and files; no content). Then,
 * after the commit, the files and the outbox copies. A DONE request is left as it is (idempotent); the caller has
 * checked who may run it.
 */
export async function runErasure(actor: Actor, requestId: string, ctx: Ctx): Promise<ErasureResult> {
  const before = await db.erasureRequest.findUnique({
    where: { id: requestId },
    select: { personId: true, userId: true },
  });
  const to = before ? await erasureAddressOf(before) : null;
  const outcome = await db.$transaction(
    async (tx) => {
      const row = await lockRequest(tx, requestId);
      if (row.status === 'DONE') return null;
      if (row.status !== 'APPROVED') throw new ConflictError('Only an approved request can be carried out.');
      const subject = await currentSubject(tx, row);
      const erased = await eraseSubject(tx, subject);
      await tx.erasureRequest.update({
        where: { id: row.id },
        data: {
          status: 'DONE',
          personId: subject.personId,
          completedAt: new Date(),
          caseCount: erased.caseCount,
          fileCount: erased.fileCount,
          version: { increment: 1 },
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'erasure.done',
        entityType: 'ErasureRequest',
        entityId: row.id,
        fields: [`cases:${erased.caseCount}`, `files:${erased.fileCount}`],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return erased;
    },
    // A person with many cases and files: more than the default 20 s on a busy embedded database.
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (!outcome) return { alreadyDone: true, caseCount: 0, fileCount: 0, filesDeleted: 0, mailsDeleted: 0, told: false };
  const filesDeleted = await deleteErasedBlobs(outcome.blobKeys, outcome.caseIds);
  const told = await tellMemberErased(to);
  const mailsDeleted = await deleteOutboxMail([...outcome.names, ...(to ? [to] : [])]);
  return {
    alreadyDone: false,
    caseCount: outcome.caseCount,
    fileCount: outcome.fileCount,
    filesDeleted,
    mailsDeleted,
    told,
  };
}

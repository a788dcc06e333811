import type { Readable } from 'node:stream';
import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { decryptFromStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import { exportScope } from './export-rules';
import { isExpired } from './get-export-status';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/** The member's own export whose link has run out (or was replaced by a newer one): answered 410 with a page. */
export class ExportExpiredError extends Error {
  constructor() {
    super('This download has run out');
    this.name = 'ExportExpiredError';
  }
}

/** The member's finished export, decrypted as it streams; audited. Anyone else's: not found. */
export async function openMemberExport(
  actor: Actor,
  id: string,
  ctx: Ctx,
): Promise<{ stream: Readable; size: number; filename: string; sha256: string }> {
  const row = await db.memberExport.findFirst({
    where: { AND: [{ id, status: 'READY' }, exportScope(actor)] },
    select: {
      id: true,
      storageKey: true,
      wrappedKey: true,
      sizeBytes: true,
      sha256: true,
      finishedAt: true,
      expiresAt: true,
      deletedAt: true,
    },
  });
  if (!row) throw new NotFoundError();
  if (isExpired(row) || !row.storageKey || !row.wrappedKey) throw new ExportExpiredError();
  await db.$transaction(async (tx) => {
    await tx.memberExport.update({ where: { id: row.id }, data: { downloadedAt: new Date() } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'member_export.download',
      entityType: 'MemberExport',
      entityId: row.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  const stream = await decryptFromStore(getBlobStore(), row.storageKey, row.wrappedKey);
  const made = (row.finishedAt ?? new Date()).toISOString().slice(0, 10);
  return { stream, size: row.sizeBytes ?? 0, filename: `My data from Reinstate ${made}.zip`, sha256: row.sha256 ?? '' };
}

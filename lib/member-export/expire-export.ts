import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import { getBlobStore } from '../evidence/storage';

// Deletes an export's file once its link has run out (the MEMBER_EXPORT_EXPIRY job, due at expiresAt). The row
// stays, without its key, as the record that a copy was made, downloaded and deleted.

export async function expireMemberExport(id: string, now = new Date()): Promise<boolean> {
  const row = await db.memberExport.findUnique({
    where: { id },
    select: { id: true, userId: true, storageKey: true, expiresAt: true, deletedAt: true },
  });
  if (!row || !row.expiresAt || row.expiresAt > now) return false;
  if (row.storageKey) await getBlobStore().delete(row.storageKey);
  await db.$transaction(async (tx) => {
    await tx.memberExport.update({
      where: { id },
      data: { storageKey: null, wrappedKey: null, deletedAt: row.deletedAt ?? now },
    });
    await writeAudit(tx, {
      actorId: null,
      action: 'member_export.expired',
      entityType: 'MemberExport',
      entityId: id,
      fields: [`user:${row.userId}`],
    });
  });
  return true;
}

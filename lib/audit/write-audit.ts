import type { Tx } from '../db/client';

export type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  /** Names of the fields changed, never their values: the values are sensitive. */
  fields?: string[];
  ip?: string | null;
  userAgent?: string | null;
};

/** Call with the transaction client so the audit row commits together with the change. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      caseId: entry.caseId ?? null,
      fields: entry.fields ?? [],
      ip: entry.ip ?? null,
      userAgent: entry.userAgent ?? null,
    },
  });
}

/** Which of the given keys differ between before and after (names only). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((k) => {
    const a = before[k];
    const b = after[k];
    if (a instanceof Date && b instanceof Date) return a.getTime() !== b.getTime();
    if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify(a) !== JSON.stringify(b);
    return a !== b;
  });
}

import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import { NotFoundError } from '../errors';
import { exportScope } from './export-rules';

const STATUS = {
  id: true,
  status: true,
  progress: true,
  progressNote: true,
  error: true,
  sizeBytes: true,
  fileCount: true,
  createdAt: true,
  finishedAt: true,
  expiresAt: true,
  deletedAt: true,
  downloadedAt: true,
} as const;

/** For the progress bar (polled): the member's own export only; not audited, it shows no personal data. */
export async function getMemberExportStatus(actor: Actor, id: string) {
  const row = await db.memberExport.findFirst({ where: { AND: [{ id }, exportScope(actor)] }, select: STATUS });
  if (!row) throw new NotFoundError();
  return { ...row, expired: isExpired(row) };
}

/** The member's latest export, for the Account page; null when they have none (or are not a member). */
export async function findLatestMemberExport(actor: Actor) {
  const row = await db.memberExport.findFirst({
    where: exportScope(actor),
    orderBy: { createdAt: 'desc' },
    select: STATUS,
  });
  return row && { ...row, expired: isExpired(row) };
}

export type MemberExportStatus = NonNullable<Awaited<ReturnType<typeof findLatestMemberExport>>>;

export const isExpired = (row: { expiresAt: Date | null; deletedAt: Date | null }, now = new Date()): boolean =>
  row.deletedAt !== null || (row.expiresAt !== null && row.expiresAt <= now);

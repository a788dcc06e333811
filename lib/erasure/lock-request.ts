import type { Tx } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';

export type LockedRequest = {
  id: string;
  personId: string | null;
  userId: string | null;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'DONE';
};

/** The request, locked for the rest of the transaction, so two coordinators deciding at once meet one after another. */
export async function lockRequest(tx: Tx, id: string): Promise<LockedRequest> {
  const rows = await tx.$queryRaw<LockedRequest[]>`
    SELECT "id", "personId", "userId", "status"::text AS "status" FROM "ErasureRequest" WHERE "id" = ${id} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError();
  return row;
}

/** Only a request still waiting can be decided; anything else is a clear conflict, never a second decision. */
export function assertUndecided(row: LockedRequest, doing: 'approve' | 'refuse'): void {
  if (row.status === 'REQUESTED') return;
  const already = {
    APPROVED: 'This request has already been approved.',
    DONE: 'This request has already been approved and the data erased.',
    REFUSED: 'This request has already been refused.',
  }[row.status];
  throw new ConflictError(
    `${already} Nothing was changed. ${doing === 'approve' && row.status === 'REFUSED' ? 'If the member asks again, a new request will appear here.' : ''}`.trim(),
  );
}

/**
 * Whose data goes, as it stands now: the person linked to the account when there is one (a claim may have moved the
 * member's cases to another Person record since they asked), else the person the request named.
 */
export async function currentSubject(
  tx: Tx,
  row: LockedRequest,
): Promise<{ personId: string | null; userId: string | null }> {
  const linked = row.userId
    ? await tx.person.findUnique({ where: { userId: row.userId }, select: { id: true } })
    : null;
  return { personId: linked?.id ?? row.personId, userId: row.userId };
}

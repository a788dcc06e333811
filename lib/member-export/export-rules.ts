import crypto from 'node:crypto';
import type { Prisma } from '../db/generated/client';
import { assertActor, canExportOwnData, type Actor } from '../auth/policy';

// The rules of a member's export, in one place: how long its link works, and whose it is.

/** The download link works this many days after the file is made; the file is deleted then. */
export const EXPORT_DAYS = 7;

export const expiryFrom = (made: Date): Date => new Date(made.getTime() + EXPORT_DAYS * 86_400_000);

/**
 * The exports a person may see, follow or download: their own, and only if they are a member. Nobody else —
 * not a coordinator — can open a member's export: 404, as for one that does not exist.
 */
export function exportScope(actor: Actor): Prisma.MemberExportWhereInput {
  assertActor(actor);
  return canExportOwnData(actor) ? { userId: actor.id } : { id: '__none__' };
}

export const exportStorageKey = (userId: string): string =>
  `member-exports/${userId.toLowerCase()}/${crypto.randomUUID()}`;

import type { Tx } from '../db/client';

/**
 * The person (and account) someone names when a request arrives by letter, email or phone: by a case reference,
 * an email address (a member's sign-in address first, then a stored one) or a membership number. Null when no one
 * matches. Used by erasure requests and subject access requests logged by a coordinator.
 */
export async function findSubject(
  tx: Tx,
  who: string,
): Promise<{ personId: string | null; userId: string | null } | null> {
  if (/^RS-\d{4}-\d+$/i.test(who)) {
    const kase = await tx.case.findUnique({
      where: { reference: who.toUpperCase() },
      select: { person: { select: { id: true, userId: true } } },
    });
    return kase ? { personId: kase.person.id, userId: kase.person.userId } : null;
  }
  if (who.includes('@')) {
    const email = { equals: who, mode: 'insensitive' as const };
    const user = await tx.user.findFirst({
      where: { email, role: 'MEMBER' },
      select: { id: true, person: { select: { id: true } } },
    });
    if (user) return { personId: user.person?.id ?? null, userId: user.id };
    const person = await tx.person.findFirst({ where: { email }, select: { id: true, userId: true } });
    return person ? { personId: person.id, userId: person.userId } : null;
  }
  const person = await tx.person.findFirst({ where: { membershipNumber: who }, select: { id: true, userId: true } });
  return person ? { personId: person.id, userId: person.userId } : null;
}

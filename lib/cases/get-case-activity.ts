import { db } from '../db/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { activityFor } from '../auth/audience';
import { actionWords, actionWordsForMember, isAuditAction } from '../audit/actions';
import { activitySentence } from '../audit/activity-words';
import { NotFoundError } from '../errors';

const PAGE = 100;
/** Far past any real page: larger numbers (page=1e20) are treated as this, never as a database offset overflow. */
const MAX_PAGE = 10_000;

/**
 * The audit trail of one case, as its reader may see it (lib/auth/audience.ts): staff see every entry
 * with field names and addresses; the member sees who opened their case and what was done to what is
 * shared with them, in words — never actions on caseworker-only material, never raw action names.
 * Each row carries a sentence for its reader: "Ruth Calder (coordinator) opened your case" for the
 * member, "… opened the case" for staff, "You …" for the reader's own actions.
 */
export async function getCaseActivity(actor: Actor, caseId: string, page = 1) {
  const kase = await db.case.findFirst({ where: { AND: [{ id: caseId }, caseScope(actor)] }, select: { id: true } });
  if (!kase) throw new NotFoundError();
  const staff = isStaff(actor);
  const where = activityFor(actor, kase.id);
  const current = Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: (current - 1) * PAGE,
      take: PAGE,
      select: {
        id: true,
        action: true,
        fields: true,
        createdAt: true,
        ip: staff,
        actorId: true,
        actor: { select: { name: true, role: true } },
      },
    }),
  ]);
  return {
    total,
    page: current,
    pageSize: PAGE,
    rows: rows
      // An action nobody classified is never shown to the member (fail closed).
      .filter((r) => staff || isAuditAction(r.action))
      .map((r) => {
        const phrase = staff ? actionWords(r.action, r.fields) : actionWordsForMember(r.action, r.fields);
        const sentence = activitySentence(r.actor, r.actorId === actor.id, phrase);
        const row = {
          id: r.id,
          createdAt: r.createdAt,
          actor: r.actor,
          what: actionWords(r.action, r.fields),
          sentence,
        };
        // Field names and addresses are for staff: for the member, field names would only hint at what changed on hidden material.
        return staff ? { ...row, fields: r.fields, ip: r.ip ?? null } : row;
      }),
  };
}

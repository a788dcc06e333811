import { db } from '../db/client';
import { caseScope, type Actor } from '../auth/policy';
import type { AppealStatus, CaseOutcome, CaseStage, ReasonCategory, SanctionType } from '../db/generated/enums';
import { roleGroupsOf, SUSPENSION_TYPES, type RoleGroup } from './dimensions';

// What the statistics count, one compact row per case the reader may open (caseScope: a caseworker's
// assigned cases, a coordinator's network). Read in three queries and kept for a minute per scope: the
// figures are rounded to 5 anyway, and the page, the CSV and the report of one reader then agree.

export type CaseFact = {
  stage: CaseStage;
  outcome: CaseOutcome | null;
  appealStatus: AppealStatus;
  regionId: string | null;
  branchId: string | null;
  /** The first group the person's roles fall in (tables), and every group (the role filter). */
  roleGroup: RoleGroup;
  roleGroups: RoleGroup[];
  /** The current sanction: the one imposed last (undated ones count as older), null when none is recorded. */
  sanctionType: SanctionType | null;
  reason: ReasonCategory | null;
  /** A suspension with no end and no decision (outcome PENDING, no end date). */
  stillSuspended: boolean;
  /** When the earliest such open suspension was imposed (null: not known). */
  suspendedSince: Date | null;
  /** The latest published fairness review: answer per question; null when none is published. */
  fairness: Record<string, string> | null;
};

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; facts: Promise<CaseFact[]> }>();

const scopeKey = (actor: Actor) => (actor.role === 'COORDINATOR' ? 'network' : `${actor.role}:${actor.id}`);

export function loadCaseFacts(actor: Actor, now = Date.now()): Promise<CaseFact[]> {
  const key = scopeKey(actor);
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.facts;
  if (cache.size > 200) cache.clear();
  const facts = readCaseFacts(actor);
  cache.set(key, { at: now, facts });
  facts.catch(() => cache.delete(key));
  return facts;
}

/** After a test or an import changes cases: forget what was kept. */
export function forgetCaseFacts(): void {
  cache.clear();
}

async function readCaseFacts(actor: Actor): Promise<CaseFact[]> {
  const where = caseScope(actor);
  const [cases, reviews] = await Promise.all([
    db.case.findMany({
      where,
      select: {
        stage: true,
        outcome: true,
        appealStatus: true,
        person: { select: { regionId: true, branchId: true, rolesHeld: true } },
        sanctions: {
          select: { type: true, reasonCategory: true, outcome: true, imposedOn: true, endedOn: true, createdAt: true },
        },
        id: true,
      },
    }),
    db.reviewPublication.findMany({
      where: { case: where },
      distinct: ['caseId'],
      orderBy: [{ caseId: 'asc' }, { version: 'desc' }],
      select: { caseId: true, findings: true },
    }),
  ]);
  const fairness = new Map(reviews.map((r) => [r.caseId, answers(r.findings)]));
  return cases.map((c) => {
    const sanctions = [...c.sanctions].sort(
      (a, b) =>
        (b.imposedOn?.getTime() ?? -Infinity) - (a.imposedOn?.getTime() ?? -Infinity) ||
        b.createdAt.getTime() - a.createdAt.getTime(),
    );
    const open = sanctions.filter((s) => SUSPENSION_TYPES.includes(s.type) && s.outcome === 'PENDING' && !s.endedOn);
    const since = open.map((s) => s.imposedOn).filter((d): d is Date => d !== null);
    const groups = roleGroupsOf(c.person.rolesHeld);
    return {
      stage: c.stage,
      outcome: c.outcome,
      appealStatus: c.appealStatus,
      regionId: c.person.regionId,
      branchId: c.person.branchId,
      roleGroup: groups[0]!,
      roleGroups: groups,
      sanctionType: sanctions[0]?.type ?? null,
      reason: sanctions[0]?.reasonCategory ?? null,
      stillSuspended: open.length > 0,
      suspendedSince: since.length ? new Date(Math.min(...since.map((d) => d.getTime()))) : null,
      fairness: fairness.get(c.id) ?? null,
    };
  });
}

function answers(findings: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(findings)) return out;
  for (const f of findings) {
    if (f && typeof f === 'object' && typeof f.question === 'string' && typeof f.answer === 'string') {
      out[f.question] = f.answer;
    }
  }
  return out;
}

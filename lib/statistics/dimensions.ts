import type { AppealStatus, CaseOutcome, CaseStage, ReasonCategory, SanctionType } from '../db/generated/enums';
import {
  APPEAL_STATUS_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  SANCTION_TYPE_LABELS,
  STAGE_LABELS,
} from '../cases/labels';

// What each case is counted under. No imports beyond labels: the pure builder, the page, the PDF and the
// tests share these words.

/** Roles held, grouped; a person holding several is counted once, under the first group here they belong to. */
export const ROLE_GROUPS = {
  MP: { label: 'Member of Parliament', roles: ['Member of Parliament'] },
  COUNCILLOR: { label: 'Councillor', roles: ['Councillor'] },
  BRANCH_OFFICER: {
    label: 'Branch officer (chair, secretary, treasurer or other)',
    roles: ['Chair', 'Secretary', 'Treasurer', 'Other branch officer'],
  },
  CANDIDATE: { label: 'Candidate', roles: ['Candidate'] },
  TU_DELEGATE: { label: 'Trade union delegate', roles: ['Trade union delegate'] },
  OTHER: { label: 'Another role', roles: [] as string[] },
  NONE: { label: 'No role recorded', roles: [] as string[] },
} as const;
export type RoleGroup = keyof typeof ROLE_GROUPS;
export const ROLE_GROUP_KEYS = Object.keys(ROLE_GROUPS) as RoleGroup[];

/** Every group a person's roles fall in ("holds a role in"): what the role filter matches. */
export function roleGroupsOf(rolesHeld: readonly string[]): RoleGroup[] {
  if (rolesHeld.length === 0) return ['NONE'];
  const groups = ROLE_GROUP_KEYS.filter((g) =>
    (ROLE_GROUPS[g].roles as readonly string[]).some((r) => rolesHeld.includes(r)),
  );
  const known = new Set(Object.values(ROLE_GROUPS).flatMap((g) => g.roles as readonly string[]));
  if (rolesHeld.some((r) => !known.has(r))) groups.push('OTHER');
  return groups;
}

/** Sanction types that suspend a person's membership (a whole branch's suspension does not, by itself). */
export const SUSPENSION_TYPES: readonly SanctionType[] = ['ADMINISTRATIVE_SUSPENSION', 'SUSPENSION'];

export const NOT_RECORDED = '__none__';

export const DIMENSION_LABELS = {
  sanctionType: SANCTION_TYPE_LABELS as Record<SanctionType, string>,
  reason: REASON_LABELS as Record<ReasonCategory, string>,
  stage: STAGE_LABELS as Record<CaseStage, string>,
  outcome: OUTCOME_LABELS as Record<CaseOutcome, string>,
  appealStatus: APPEAL_STATUS_LABELS as Record<AppealStatus, string>,
};

/** Time suspended without a decision, in whole months: the histogram's bins (upper bound exclusive). */
export const DURATION_BINS: { label: string; fromMonths: number; toMonths: number }[] = [
  { label: 'Under 3 months', fromMonths: 0, toMonths: 3 },
  { label: '3 to 6 months', fromMonths: 3, toMonths: 6 },
  { label: '6 to 12 months', fromMonths: 6, toMonths: 12 },
  { label: '1 to 2 years', fromMonths: 12, toMonths: 24 },
  { label: '2 to 3 years', fromMonths: 24, toMonths: 36 },
  { label: '3 years or more', fromMonths: 36, toMonths: Infinity },
];

import { DIMENSION_LABELS, ROLE_GROUPS, type RoleGroup } from './dimensions';
import type { StatisticsFilters } from './filters';
import type { Names } from './build-statistics';

/** The filters in words, for the page, the CSV and every page of the report. */
export function describeFilters(filters: StatisticsFilters, names: Names): string[] {
  const lines: string[] = [];
  if (filters.sanctionType) lines.push(`Current sanction: ${DIMENSION_LABELS.sanctionType[filters.sanctionType]}`);
  if (filters.reason) lines.push(`Stated reason: ${DIMENSION_LABELS.reason[filters.reason]}`);
  if (filters.role) lines.push(`Holds or held the role: ${ROLE_GROUPS[filters.role as RoleGroup].label}`);
  if (filters.stage) lines.push(`Stage: ${DIMENSION_LABELS.stage[filters.stage]}`);
  if (filters.outcome)
    lines.push(`Outcome: ${filters.outcome === 'NONE' ? 'Not known yet' : DIMENSION_LABELS.outcome[filters.outcome]}`);
  if (filters.regionId) lines.push(`Region: ${names.regions.get(filters.regionId) ?? 'unknown region'}`);
  if (filters.branchId) lines.push(`Branch: ${names.branches.get(filters.branchId) ?? 'unknown branch'}`);
  if (filters.suspended) lines.push(filters.suspended === 'yes' ? 'Still suspended' : 'Not suspended now');
  return lines;
}

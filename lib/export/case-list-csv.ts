import { stringify } from 'csv-stringify/sync';
import { db } from '../db/client';
import { canExportCaseList, type Actor } from '../auth/policy';
import { writeAudit, writeAuditMany } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { caseListWhere, type CaseFilters } from '../cases/find-cases';
import { OUTCOME_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, STAGE_LABELS } from '../cases/labels';
import { formatPartialDate } from '../dates/partial-date';
import { todayInUk } from '../dates/uk-today';

// The case list as a CSV file (issue 12, point 5): exactly the list's filters within the reader's scope
// (caseListWhere: a caseworker gets only their assigned cases), the columns the list shows, in the list's
// order. Cells starting with = + - @ (or a tab or return) are escaped by csv-stringify, so a name typed as a
// formula cannot run in a spreadsheet. Audited once for the export and once on every case in it.

export const MAX_EXPORT_ROWS = 50_000;
const CHUNK = 1000;

const HEADINGS = [
  'Reference',
  'Member',
  'Branch',
  'Region',
  'Roles held',
  'Sanction',
  'Imposed on',
  'Stated reason',
  'Stage',
  'Outcome',
  'Caseworkers',
  'Opened',
];

const ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
const SELECT = {
  id: true,
  reference: true,
  stage: true,
  outcome: true,
  createdAt: true,
  person: {
    select: { fullName: true, rolesHeld: true, branch: { select: { name: true } }, region: { select: { name: true } } },
  },
  sanctions: {
    orderBy: { createdAt: 'desc' as const },
    take: 1,
    select: { type: true, reasonCategory: true, imposedOn: true, imposedPrecision: true },
  },
  assignments: { where: { endedAt: null }, select: { caseworker: { select: { name: true } } } },
};

type Ctx = { ip: string | null; userAgent: string | null };

export async function exportCaseList(
  actor: Actor,
  filters: CaseFilters,
  ctx: Ctx,
): Promise<{ csv: string; count: number; filename: string }> {
  if (!canExportCaseList(actor)) throw new NotFoundError();
  const where = caseListWhere(actor, filters);
  return db.$transaction(
    async (tx) => {
      const ids = (
        await tx.case.findMany({ where, orderBy: ORDER, take: MAX_EXPORT_ROWS + 1, select: { id: true } })
      ).map((c) => c.id);
      if (ids.length > MAX_EXPORT_ROWS)
        throw new InvalidError(
          `More than ${MAX_EXPORT_ROWS.toLocaleString('en-GB')} cases match: choose some filters first.`,
        );
      const records: string[][] = [HEADINGS];
      for (let at = 0; at < ids.length; at += CHUNK) {
        const rows = await tx.case.findMany({
          relationLoadStrategy: 'join',
          // The scope again with the ids: nothing outside it can come back.
          where: { AND: [where, { id: { in: ids.slice(at, at + CHUNK) } }] },
          orderBy: ORDER,
          select: SELECT,
        });
        for (const c of rows) {
          const s = c.sanctions[0];
          records.push([
            c.reference,
            c.person.fullName,
            c.person.branch?.name ?? '',
            c.person.region?.name ?? '',
            c.person.rolesHeld.join('; '),
            s ? SANCTION_TYPE_LABELS[s.type] : '',
            s ? formatPartialDate(s.imposedOn, s.imposedPrecision) : '',
            s?.reasonCategory ? REASON_LABELS[s.reasonCategory] : '',
            STAGE_LABELS[c.stage],
            c.outcome ? OUTCOME_LABELS[c.outcome] : '',
            c.assignments.map((a) => a.caseworker.name).join('; '),
            c.createdAt.toISOString().slice(0, 10),
          ]);
        }
        await writeAuditMany(
          tx,
          rows.map((c) => ({
            actorId: actor.id,
            action: 'case.export' as const,
            entityType: 'Case',
            entityId: c.id,
            caseId: c.id,
            ip: ctx.ip,
            userAgent: ctx.userAgent,
          })),
        );
      }
      const used = Object.entries(filters)
        .filter(([k, v]) => k !== 'page' && v !== undefined)
        .map(([k]) => k);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'cases.export',
        entityType: 'CaseList',
        entityId: actor.id,
        fields: used,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      const csv = stringify(records, { bom: true, escape_formulas: true, record_delimiter: 'windows' });
      return { csv, count: records.length - 1, filename: `cases-${todayInUk()}.csv` };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

import crypto from 'node:crypto';
import { db } from '../db/client';
import { canImportCases, type Actor } from '../auth/policy';
import { writeAudit, writeAuditMany } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { createCasesForMembersInTx } from '../cases/create-case-for-member';
import { checkRows, type CheckedRow } from './check-rows';
import { IMPORT_FIELDS } from './fields';
import type { RunImportData } from './schemas';

export type ImportResult = {
  importId: string;
  imported: { line: number; reference: string; name: string }[];
  rejected: { line: number; cells: string[]; reason: string }[];
};
type Ctx = { ip: string | null; userAgent: string | null };
type Progress = (done: number, total: number) => void | Promise<void>;

/** A long sheet on the embedded database holds it for seconds: its one transaction gets room. */
const TRANSACTION = { timeout: 10 * 60_000, maxWait: 60_000 };
const BATCH = 50;

function reasonFor(row: CheckedRow): string {
  return row.problems
    .map((p) => (p.field === 'row' ? p.message : `${IMPORT_FIELDS[p.field].label}: ${p.message}`))
    .join('; ');
}

/** What happens to a row whose member is already on Reinstate: skipped, or their case added (empty details filled). */
function decide(row: CheckedRow, input: RunImportData): 'import' | string {
  if (!row.match) return 'import';
  const who = `Already on Reinstate as ${row.match.fullName} (same ${row.match.by}${
    row.match.references.length ? `, ${row.match.references.join(', ')}` : ''
  })`;
  const choice = input.duplicates === 'review' ? input.decisions[String(row.line)] : input.duplicates;
  if (choice === 'update') return 'import';
  if (choice === 'skip') return `${who}: skipped`;
  return `${who}: no choice was made for this row, so it was skipped`;
}

/**
 * The import (issue 12, point 4): every row checked again on the server, then the rows that pass go in
 * through the same code path as a case staff open by hand (createCaseForMemberInTx), all in ONE
 * transaction: any failure, or a crash, leaves nothing. The rows that do not pass come back with their
 * reason. Audited per case (case.import, beside the case's own rows) and once for the whole import.
 */
export async function runImport(
  actor: Actor,
  input: RunImportData,
  ctx: Ctx,
  onProgress?: Progress,
): Promise<ImportResult> {
  if (!canImportCases(actor)) throw new NotFoundError();
  const importId = crypto.randomUUID();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  const cellsByLine = new Map(input.rows.map((r) => [r.line, r.cells]));
  return db.$transaction(async (tx) => {
    const checked = await checkRows(actor, input.mapping, input.rows, tx);
    const rejected: ImportResult['rejected'] = [];
    const accepted: CheckedRow[] = [];
    for (const row of checked) {
      const cells = cellsByLine.get(row.line) ?? [];
      if (!row.input) rejected.push({ line: row.line, cells, reason: reasonFor(row) });
      else {
        const d = decide(row, input);
        if (d === 'import') accepted.push(row);
        else rejected.push({ line: row.line, cells, reason: d });
      }
    }
    const imported: ImportResult['imported'] = [];
    await onProgress?.(0, accepted.length);
    // In batches, written a statement per table (the same rows as a case opened by hand), so progress can be told.
    for (let at = 0; at < accepted.length; at += BATCH) {
      const batch = accepted.slice(at, at + BATCH);
      const cases = await createCasesForMembersInTx(
        tx,
        actor,
        batch.map((row) => ({ input: { ...row.input!, personId: row.match?.personId }, onlyFillEmpty: true })),
        audit,
      );
      await writeAuditMany(
        tx,
        cases.map((kase) => ({
          ...audit,
          action: 'case.import' as const,
          entityType: 'Import',
          entityId: importId,
          caseId: kase.id,
        })),
      );
      cases.forEach((kase, i) =>
        imported.push({ line: batch[i]!.line, reference: kase.reference, name: batch[i]!.name }),
      );
      await onProgress?.(imported.length, accepted.length);
    }
    await writeAudit(tx, {
      ...audit,
      action: 'import.run',
      entityType: 'Import',
      entityId: importId,
      fields: [...new Set(input.mapping.filter(Boolean) as string[])],
    });
    return { importId, imported, rejected };
  }, TRANSACTION);
}

import type { Tx } from '../db/client';

/** Human-friendly, gapless per year: RS-2026-0042. Atomic on both engines (INSERT … ON CONFLICT). */
export async function nextCaseReference(tx: Tx, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "CaseCounter" ("year", "last") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "last" = "CaseCounter"."last" + 1
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (!last) throw new Error('Could not allocate a case reference');
  return `RS-${year}-${String(last).padStart(4, '0')}`;
}

/** `count` references at once, in order, with one statement (the spreadsheet import). */
export async function nextCaseReferences(tx: Tx, count: number, now = new Date()): Promise<string[]> {
  if (count < 1) return [];
  const year = now.getUTCFullYear();
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "CaseCounter" ("year", "last") VALUES (${year}, ${count})
    ON CONFLICT ("year") DO UPDATE SET "last" = "CaseCounter"."last" + ${count}
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (!last) throw new Error('Could not allocate case references');
  return Array.from({ length: count }, (_, i) => `RS-${year}-${String(last - count + 1 + i).padStart(4, '0')}`);
}

// The proof that the case-model migrations move existing data without loss (issue 10, docs/decisions/0015):
// a snapshot of a database at the old shape, then — after the migrations ran — the same figures again.
//
// - Row counts of every table: the same before and after; the new tables hold exactly the rows the move
//   makes (one stage history row per case, one branch row per case whose person has a branch) and no others.
// - A checksum of every column that existed before, table by table, except the one that moves (Case.status):
//   the same before and after, so nothing else was touched.
// - Every moved field, row by row: each case's stage and outcome are the documented mapping of its old status,
//   its old status can be read back in words from its history, each person's branch became the case's branch,
//   and a case the member logged themselves reads "consent given online".
import crypto from 'node:crypto';

/** What the check needs of a database connection (PGlite or PostgreSQL). */
export type SqlClient = { query<T>(sql: string): Promise<T[]>; exec(sql: string): Promise<void> };

/** The mapping of decision 0015: old status → stage, outcome (null: not known yet), and the words people saw. */
export const STATUS_MAPPING: Record<string, { stage: string; outcome: string | null; words: string }> = {
  INTAKE: { stage: 'INTAKE', outcome: null, words: 'New – being set up' },
  NOTICE_RECEIVED: { stage: 'INVESTIGATION', outcome: null, words: 'Notice received' },
  UNDER_INVESTIGATION: { stage: 'INVESTIGATION', outcome: null, words: 'Under investigation' },
  AWAITING_HEARING: { stage: 'AWAITING_DECISION', outcome: null, words: 'Awaiting hearing' },
  DECIDED_UPHELD: { stage: 'DECIDED', outcome: 'SANCTION_CONFIRMED', words: 'Decided – sanction upheld' },
  DECIDED_OVERTURNED: { stage: 'DECIDED', outcome: 'SANCTION_LIFTED', words: 'Decided – sanction overturned' },
  APPEAL: { stage: 'APPEAL', outcome: null, words: 'Appeal in progress' },
  LEGAL_ACTION: { stage: 'LEGAL_ACTION', outcome: null, words: 'Legal action' },
  CLOSED_REINSTATED: { stage: 'CLOSED', outcome: 'REINSTATED', words: 'Closed – reinstated' },
  CLOSED_EXPULSION_CONFIRMED: { stage: 'CLOSED', outcome: 'SANCTION_CONFIRMED', words: 'Closed – expulsion confirmed' },
  CLOSED_RESIGNED: { stage: 'CLOSED', outcome: 'RESIGNED', words: 'Closed – resigned' },
  CLOSED_WITHDRAWN: { stage: 'CLOSED', outcome: 'WITHDRAWN', words: 'Closed – withdrawn' },
};

const CARRIED_OVER = 'Carried over from the earlier single status: ';
/** Columns that move: left out of the "untouched" checksums. */
const MOVED_COLUMNS: Record<string, string[]> = { Case: ['status'] };

export type Before = {
  counts: Record<string, number>;
  columns: Record<string, string[]>;
  checksums: Record<string, string>;
  statuses: Map<string, string>;
  expected: { stageOutcome: string; caseBranch: string; caseBranchRows: number; consent: string };
};

export type Report = {
  tables: {
    table: string;
    before: number | null;
    after: number;
    checksumBefore: string | null;
    checksumAfter: string | null;
    ok: boolean;
  }[];
  moved: { field: string; rows: number; expected: string; actual: string; mismatches: number; ok: boolean }[];
  statusesSeen: Record<string, number>;
  ok: boolean;
};

const md5 = (lines: string[]) =>
  crypto
    .createHash('md5')
    .update([...lines].sort().join('\n'))
    .digest('hex');
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tables(sql: SqlClient): Promise<Record<string, string[]>> {
  const rows = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table_name] ??= []).push(r.column_name);
  return out;
}

async function count(sql: SqlClient, table: string): Promise<number> {
  const [row] = await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${q(table)}`);
  return Number(row!.n);
}

/** md5 of every row of these columns, each value quoted (so NULL and 'NULL' differ), rows in text order. */
async function checksum(sql: SqlClient, table: string, columns: string[]): Promise<string> {
  const row = columns.map((c) => `quote_nullable(${q(c)}::text)`).join(` || ',' || `);
  const [r] = await sql.query<{ sum: string | null }>(
    `SELECT md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS sum FROM ${q(table)}`,
  );
  return r!.sum ?? '';
}

/** Everything to compare later, read from a database at the old shape. */
export async function snapshotBefore(sql: SqlClient): Promise<Before> {
  const columns = await tables(sql);
  if (!columns.Case?.includes('status') || columns.Case.includes('stage'))
    throw new Error('This database is not at the old shape (a case with a status and no stage).');
  const counts: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  for (const [table, cols] of Object.entries(columns)) {
    counts[table] = await count(sql, table);
    const kept = cols.filter((c) => !MOVED_COLUMNS[table]?.includes(c));
    columns[table] = kept;
    checksums[table] = await checksum(sql, table, kept);
  }
  const cases = await sql.query<{ id: string; status: string; branchId: string | null; online: boolean }>(
    `SELECT c."id", c."status"::text AS "status", p."branchId",
            (p."userId" IS NOT NULL AND p."userId" = c."createdById" AND c."consentGivenAt" IS NOT NULL) AS "online"
     FROM "Case" c JOIN "Person" p ON p."id" = c."personId"`,
  );
  const statuses = new Map(cases.map((c) => [c.id, c.status]));
  const unknown = cases.filter((c) => !STATUS_MAPPING[c.status]);
  if (unknown.length)
    throw new Error(`Statuses with no documented mapping: ${[...new Set(unknown.map((c) => c.status))].join(', ')}`);
  const branches = cases.filter((c) => c.branchId);
  return {
    counts,
    columns,
    checksums,
    statuses,
    expected: {
      stageOutcome: md5(
        cases.map((c) => `${c.id}|${STATUS_MAPPING[c.status]!.stage}|${STATUS_MAPPING[c.status]!.outcome ?? '-'}`),
      ),
      caseBranch: md5(branches.map((c) => `${c.id}|${c.branchId}`)),
      caseBranchRows: branches.length,
      consent: md5(cases.map((c) => `${c.id}|${c.online ? 'ONLINE' : '-'}`)),
    },
  };
}

/** The same figures after the migrations, compared with the snapshot. */
export async function verifyAfter(sql: SqlClient, before: Before): Promise<Report> {
  const now = await tables(sql);
  const tablesReport: Report['tables'] = [];
  for (const table of Object.keys(now).sort()) {
    const after = await count(sql, table);
    if (table in before.counts) {
      const cols = before.columns[table]!;
      const missing = cols.filter((c) => !now[table]!.includes(c));
      const sumAfter = missing.length ? `missing column(s) ${missing.join(', ')}` : await checksum(sql, table, cols);
      tablesReport.push({
        table,
        before: before.counts[table]!,
        after,
        checksumBefore: before.checksums[table]!,
        checksumAfter: sumAfter,
        ok: after === before.counts[table] && sumAfter === before.checksums[table],
      });
    } else {
      // New tables hold only what the move makes.
      const expected =
        table === 'CaseStageChange'
          ? before.statuses.size
          : table === 'CaseBranch'
            ? before.expected.caseBranchRows
            : 0;
      tablesReport.push({
        table,
        before: null,
        after,
        checksumBefore: null,
        checksumAfter: null,
        ok: after === expected,
      });
    }
  }
  for (const table of Object.keys(before.counts)) {
    if (!(table in now))
      tablesReport.push({
        table,
        before: before.counts[table]!,
        after: 0,
        checksumBefore: before.checksums[table]!,
        checksumAfter: 'table missing',
        ok: false,
      });
  }

  const cases = await sql.query<{
    id: string;
    stage: string;
    outcome: string | null;
    consentMethod: string | null;
    carried: string | null;
  }>(
    `SELECT c."id", c."stage"::text AS "stage", c."outcome"::text AS "outcome", c."consentMethod"::text AS "consentMethod",
            (SELECT h."reason" FROM "CaseStageChange" h WHERE h."caseId" = c."id" AND h."reason" LIKE '${CARRIED_OVER}%'
             ORDER BY h."createdAt" DESC, h."id" DESC LIMIT 1) AS "carried"
     FROM "Case" c`,
  );
  const branchRows = await sql.query<{ caseId: string; branchId: string }>(
    `SELECT "caseId", "branchId" FROM "CaseBranch"`,
  );
  const mapped = (id: string) => STATUS_MAPPING[before.statuses.get(id) ?? '']!;
  const known = cases.filter((c) => before.statuses.has(c.id));
  const moved: Report['moved'] = [
    {
      field: 'status → stage, outcome',
      rows: known.length,
      expected: before.expected.stageOutcome,
      actual: md5(known.map((c) => `${c.id}|${c.stage}|${c.outcome ?? '-'}`)),
      mismatches:
        known.filter((c) => c.stage !== mapped(c.id).stage || c.outcome !== mapped(c.id).outcome).length +
        (before.statuses.size - known.length),
      ok: false,
    },
    {
      field: 'status → words in the stage history',
      rows: known.length,
      expected: md5(known.map((c) => `${c.id}|${mapped(c.id).words}`)),
      actual: md5(known.map((c) => `${c.id}|${c.carried?.slice(CARRIED_OVER.length) ?? '-'}`)),
      mismatches: known.filter((c) => c.carried !== CARRIED_OVER + mapped(c.id).words).length,
      ok: false,
    },
    {
      field: 'person branch → case branch',
      rows: branchRows.length,
      expected: before.expected.caseBranch,
      actual: md5(branchRows.map((r) => `${r.caseId}|${r.branchId}`)),
      mismatches: 0,
      ok: false,
    },
    {
      field: 'logged by the member → consent online',
      rows: known.length,
      expected: before.expected.consent,
      actual: md5(known.map((c) => `${c.id}|${c.consentMethod ?? '-'}`)),
      mismatches: 0,
      ok: false,
    },
  ];
  for (const m of moved) m.ok = m.expected === m.actual && m.mismatches === 0;
  const statusesSeen: Record<string, number> = {};
  for (const s of before.statuses.values()) statusesSeen[s] = (statusesSeen[s] ?? 0) + 1;
  return { tables: tablesReport, moved, statusesSeen, ok: tablesReport.every((t) => t.ok) && moved.every((m) => m.ok) };
}

/** The report as lines of text for a person to read. */
export function formatReport(r: Report, seconds: Record<string, number>): string {
  const lines = ['Tables (rows before → after, checksum of the columns that existed before):'];
  for (const t of r.tables) {
    const sum =
      t.checksumBefore === null
        ? 'new table'
        : t.checksumBefore === t.checksumAfter
          ? `${t.checksumBefore} unchanged`
          : `${t.checksumBefore} → ${t.checksumAfter}`;
    lines.push(
      `  ${t.ok ? 'ok  ' : 'FAIL'} ${t.table.padEnd(18)} ${String(t.before ?? '–').padStart(8)} → ${String(t.after).padEnd(8)} ${sum}`,
    );
  }
  lines.push('Moved fields (checksum of the documented mapping of the old data → checksum of the new data):');
  for (const m of r.moved)
    lines.push(
      `  ${m.ok ? 'ok  ' : 'FAIL'} ${m.field.padEnd(40)} ${String(m.rows).padStart(8)} rows  ${m.expected} → ${m.actual}  (${m.mismatches} mismatches)`,
    );
  lines.push(
    `Old statuses seen: ${Object.entries(r.statusesSeen)
      .sort()
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `Seconds: ${Object.entries(seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  );
  lines.push(r.ok ? 'Migration check passed: nothing lost.' : 'Migration check FAILED.');
  return lines.join('\n');
}

// Benchmark phase for issue 12, point 4, run in its own process by ./run.ts (BENCH_ONLY=import) or alone:
//   DATA_DIR=$(mktemp -d) npx tsx scripts/bench/import.ts                       # PGlite
//   DATABASE_URL=postgres://…/empty_db AUTH_SECRET=… EVIDENCE_MASTER_KEY=… npx tsx scripts/bench/import.ts
// A 1,000-row sheet (semicolons, a BOM, 10 branches, a third of the rows expulsions, whose decisions start
// appeal deadlines) read, checked and imported by a coordinator, in-process (no HTTP), cold then warm on
// the same database; the target is under 10 s for the import. Prints a JSON line prefixed "RESULT ".
import { performance } from 'node:perf_hooks';
import { applyMigrations } from '../../lib/db/migrate';
import { db } from '../../lib/db/client';
import { readSheet } from '../../lib/import/read-sheet';
import { checkRows } from '../../lib/import/check-rows';
import { runImport } from '../../lib/import/run-import';
import { suggestMapping } from '../../lib/import/fields';
import { runImportSchema } from '../../lib/import/schemas';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1000);
const round = (n: number) => Number((n / 1000).toFixed(2));

function sheet(tag: string, branches: string[]): Uint8Array {
  const head = 'Name;Membership number;Email;Branch;Role;Sanction;Date;Imposed by;Reason;Consent;Consent date;Notes';
  const dates = ['Dec 2020', '2017', '03/04/2021', '12/05/2022'];
  const lines = Array.from({ length: ROWS }, (_, i) =>
    [
      `Bench Member ${tag} ${i}`,
      `B${tag}${i}`,
      `bench-${tag}-${i}@example.test`,
      branches[i % branches.length],
      i % 2 ? 'Chair' : '"Secretary; Councillor"',
      i % 3 ? 'Administrative suspension' : 'Expulsion',
      dates[i % dates.length],
      'NEC',
      'Allowed a debate',
      'In writing',
      '01/02/2025',
      i % 10 ? '' : '"Suspended for allowing a debate;\nstill waiting"',
    ].join(';'),
  );
  return new TextEncoder().encode(`\uFEFF${[head, ...lines].join('\r\n')}\r\n`);
}

async function once(coordinator: { id: string; role: 'COORDINATOR' }, branches: string[], tag: string) {
  const bytes = sheet(tag, branches);
  let t = performance.now();
  const parsed = readSheet(bytes);
  const parseMs = performance.now() - t;
  const mapping = suggestMapping(parsed.headings);
  mapping[11] = 'summary';
  t = performance.now();
  const checked = await checkRows(coordinator, mapping, parsed.rows);
  const checkMs = performance.now() - t;
  const input = runImportSchema.parse({ headings: parsed.headings, mapping, rows: parsed.rows, duplicates: 'skip' });
  let ticks = 0;
  t = performance.now();
  const result = await runImport(coordinator, input, { ip: null, userAgent: 'bench' }, () => {
    ticks++;
  });
  const importMs = performance.now() - t;
  if (result.imported.length !== ROWS || checked.some((r) => r.problems.length))
    throw new Error(`expected ${ROWS} rows imported, got ${result.imported.length}: ${result.rejected[0]?.reason}`);
  return { bytes: bytes.length, parseMs, checkMs, importMs, ticks };
}

async function main() {
  await applyMigrations(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {});
  const coordinator = await db.user.create({
    data: { email: `bench-import-${Date.now()}@bench.test`, name: 'Bench coordinator', role: 'COORDINATOR' },
    select: { id: true, role: true },
  });
  const region = await db.region.create({ data: { name: `Bench region ${Date.now()}` } });
  const branches: string[] = [];
  for (let i = 0; i < 10; i++) {
    const b = await db.branch.create({ data: { name: `Bench branch ${Date.now()} ${i}`, regionId: region.id } });
    branches.push(b.name);
  }
  const actor = { id: coordinator.id, role: 'COORDINATOR' as const };
  const cold = await once(actor, branches, 'a');
  const warm = await once(actor, branches, 'b');
  const deadlines = await db.deadline.count({
    where: { case: { person: { membershipNumber: { startsWith: 'Bb' } } } },
  });
  const result = {
    rows: ROWS,
    bytes: warm.bytes,
    engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    cold: { parse: round(cold.parseMs), check: round(cold.checkMs), import: round(cold.importMs) },
    warm: { parse: round(warm.parseMs), check: round(warm.checkMs), import: round(warm.importMs) },
    progressTicks: warm.ticks,
    deadlines,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  console.log(
    `Import of ${ROWS} rows (${result.engine}): parse ${result.warm.parse} s, check ${result.warm.check} s, import ${result.warm.import} s warm (cold ${result.cold.import} s)`,
  );
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

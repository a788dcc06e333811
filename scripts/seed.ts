// Demo data for a fresh installation: `npm run db:seed`.
// Applies migrations, then adds the demo organisation, accounts and cases only if there are no users yet.
import { applyMigrations } from '../lib/db/migrate';
import { closeDb } from '../lib/db/client';
import { getEnv } from '../lib/env';
import { seedDemo } from '../lib/seed/demo-seed';

async function main(): Promise<void> {
  const env = getEnv();
  await applyMigrations();
  const result = await seedDemo();
  if (result.created) {
    const demo = await import('../lib/seed/demo-evidence');
    await demo.seedDemoEvidence();
    await demo.seedDemoDeadlines();
  }
  await closeDb();
  if (!result.created) {
    console.log('Database already has users; demo data not added.');
    return;
  }
  const where = env.embedded ? `the embedded database at ${env.pgliteDir}` : 'the PostgreSQL server';
  console.log(`Added the demo organisation, accounts and cases to ${where}.\n`);
  const rows = result.accounts.map((a) => [a.role, a.email, a.password]);
  const head = ['Role', 'Email', 'Password'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\nThese passwords are public: use the demo accounts for demonstrations only, never with real cases.');
}

main().then(
  () => process.exit(0), // the wasm schema engine leaves a timer running
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

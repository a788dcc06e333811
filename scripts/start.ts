// Starts Reinstate: applies migrations, (with --demo) adds demo data to an empty database,
// builds when the build is missing or older than the sources, then serves and says where to log in.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../lib/db/migrate';
import { getEnv } from '../lib/env';

const root = path.resolve(__dirname, '..');
const demo = process.argv.includes('--demo');

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newestMtime(path.join(p, f))), st.mtimeMs);
}

function buildIfStale(): void {
  const buildId = path.join(root, '.next/BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(...['app', 'lib', 'templates', 'proxy.ts', 'next.config.js', 'package-lock.json'].map((p) => newestMtime(path.join(root, p))));
  if (built > sources) return;
  console.log('Building the app (about two minutes the first time)…');
  const r = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The build failed: see the messages above.');
}

async function main(): Promise<void> {
  const env = getEnv();
  // A letter template that does not parse, or names a field it does not declare, stops the start
  // here with the file and the problem named, not later in front of a member.
  const { assertTemplatesValid, getTemplates } = await import('../lib/letters/templates');
  assertTemplatesValid();
  console.log(`Letter templates: ${getTemplates().length} checked.`);
  const applied = await applyMigrations();
  if (applied.length) console.log(`Database: applied ${applied.length} migration(s).`);
  let accounts: { role: string; email: string; password: string }[] = [];
  if (demo) {
    const { seedDemo, DEMO_USERS } = await import('../lib/seed/demo-seed');
    const { closeDb } = await import('../lib/db/client');
    const result = await seedDemo();
    if (result.created) {
      const demo = await import('../lib/seed/demo-evidence');
      await demo.seedDemoEvidence();
      await demo.seedDemoDeadlines();
    }
    await closeDb(); // PGlite: one process per data directory, and the server is about to open it
    accounts = result.created ? result.accounts : Object.values(DEMO_USERS).map((u) => ({ role: u.role, email: u.email, password: u.password }));
    console.log(result.created ? 'Demo data added to the empty database.' : 'The database already has data; demo data was not added again.');
  }
  {
    const { getBlobStore } = await import('../lib/evidence/storage');
    const { sweepOrphanBlobs } = await import('../lib/evidence/sweep-storage');
    const { closeDb } = await import('../lib/db/client');
    const swept = await sweepOrphanBlobs(getBlobStore()).catch((err: unknown) => {
      console.error('Evidence sweep skipped:', err instanceof Error ? err.message : err);
      return null;
    });
    if (swept?.deleted.length) console.log(`Evidence: removed ${swept.deleted.length} stored file(s) left by interrupted uploads.`);
    await closeDb(); // PGlite: the server opens the data directory next
  }
  buildIfStale();

  const url = `http://localhost:${env.PORT}`;
  const server = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', String(env.PORT)], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production', NEXTAUTH_URL: env.APP_URL },
  });
  server.stdout.on('data', (d: Buffer) => process.stdout.write(d));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
  server.on('exit', (code) => process.exit(code ?? 0));

  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`\n  Reinstate is running. Open ${url}/login and sign in.`);
  if (accounts.length) {
    console.log('  Demo accounts (fictional data; change or remove these before real use):');
    for (const a of accounts) console.log(`    ${a.role.padEnd(12)} ${a.email.padEnd(36)} password: ${a.password}`);
  }
  console.log(`  Data is kept in ${env.embedded ? env.pgliteDir : 'the PostgreSQL database in DATABASE_URL'}. Press Ctrl+C to stop.\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

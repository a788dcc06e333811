// Gets Reinstate ready to serve, then exits: scripts/start.sh (`npm start`, `npm run demo`) runs it and
// then replaces itself with the server, so no launcher stays resident beside the server. It runs
// scripts/prepare.ts in a process of its own (migrations, key, with --demo the demo data, the upload sweep),
// builds when the build is missing or older than the sources, compiles the server and the PDF worker, and
// leaves the "where to log in" message for the server to print once it listens.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEnv } from '../lib/env';
import type { PrepareResult } from './prepare';
import { compileScript } from './compile-script';
import { buildIfStale } from './build-if-stale';
import { readyMessageFile } from './ready-message';

const root = path.resolve(__dirname, '..');
const demo = process.argv.includes('--demo');
const tsx = ['--import', 'tsx'];

function prepare(): PrepareResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-start-'));
  const resultFile = path.join(dir, 'result.json');
  try {
    const r = spawnSync(
      process.execPath,
      [...tsx, path.join(root, 'scripts/prepare.ts'), ...(demo ? ['--demo'] : []), '--result', resultFile],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (r.status !== 0) process.exit(r.status ?? 1); // prepare.ts said why
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as PrepareResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { accounts, notice, reminder } = prepare();
  const env = getEnv(); // after prepare.ts, which makes the keys and secrets a first start needs
  await buildIfStale(root);
  // scripts/serve.ts: Next's handler behind a server that tells the app each request's socket address. It and
  // the PDF worker run compiled, with plain node: under tsx each process held about 100 MB more.
  await compileScript('scripts/serve.ts', 'reinstate-serve.cjs');
  await compileScript('scripts/pdf-worker.ts', 'reinstate-pdf-worker.cjs');

  const url = `http://localhost:${env.PORT}`;
  const lines = [`\n  Reinstate is running. Open ${url}/login and sign in.`];
  if (accounts.length) {
    lines.push('  Demo accounts (fictional data; change or remove these before real use):');
    for (const a of accounts) lines.push(`    ${a.role.padEnd(12)} ${a.email.padEnd(36)} password: ${a.password}`);
  }
  lines.push(`  Data is kept in ${env.embedded ? env.pgliteDir : 'the PostgreSQL database in DATABASE_URL'}.`);
  // Said again at the end, where people look: the build's output may have pushed it off the screen.
  if (notice.length) lines.push(...notice);
  else if (env.evidenceMasterKeyFile)
    lines.push(`  The evidence master key is ${env.evidenceMasterKeyFile}: back it up separately from the data.`);
  else lines.push('  The evidence master key comes from EVIDENCE_MASTER_KEY.');
  lines.push(...reminder, '  Press Ctrl+C to stop.\n');
  // The server prints this once it is listening, and deletes it (scripts/serve.ts).
  fs.writeFileSync(readyMessageFile(root, env.PORT), lines.join('\n') + '\n', { mode: 0o600 });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb } from '@/lib/db/client';
import {
  legacyKeyPath,
  masterKeyPath,
  pendingKeyPath,
  readKeyFile,
  writeKeyFileExclusive,
} from '@/lib/evidence/master-key-file';
import { makeCase, makeEvidence } from '../../helpers/factories';
import { freePort } from './rotation-support';

// What the launcher (npm start / npm run demo) does about the evidence master key before it serves:
// refusals, and what it tells the person on the start that makes or moves the key. A start that goes
// past the key is stopped as soon as it has said so (it would go on to seed, build and serve).

const root = path.resolve(__dirname, '../../..');
const embedded = !process.env.DATABASE_URL;
const temp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `reinstate-start-${name}-`));

type Run = { code: number | null; stdout: string; stderr: string; stopped: boolean };

/** Runs scripts/start.sh (npm start); with `until`, stops it (and everything it started) once stdout matches. */
function runStart(args: string[], vars: Record<string, string | undefined>, until?: RegExp): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', REMINDER_SCHEDULE: 'off' };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve) => {
    const child = spawn('sh', ['scripts/start.sh', ...args], { cwd: root, env, detached: true });
    const out = { stdout: '', stderr: '', stopped: false };
    const stop = () => {
      out.stopped = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(stop, 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out.stdout += d.toString();
      if (until?.test(out.stdout) && !out.stopped) stop();
    });
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });
}

test('npm start refuses a key directory inside DATA_DIR, before opening anything', async () => {
  const dataDir = temp('data');
  const keyDir = path.join(dataDir, 'keys');
  const run = await runStart([], {
    DATA_DIR: dataDir,
    KEY_DIR: keyDir,
    EVIDENCE_MASTER_KEY: undefined,
    DATABASE_URL: undefined,
    PORT: String(await freePort()),
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `The evidence master key ${masterKeyPath(keyDir)} is inside the data directory ${dataDir}`,
  );
  expect(run.stderr).toMatch(/Set KEY_DIR to a directory outside it/);
  expect(fs.existsSync(keyDir)).toBe(false); // no key made
  expect(fs.readdirSync(dataDir)).not.toContain('pglite'); // no database opened
}, 60_000);

test('a start refuses while a key rotation is unfinished', async () => {
  const dataDir = temp('data');
  const keyDir = temp('keys');
  writeKeyFileExclusive(masterKeyPath(keyDir), crypto.randomBytes(32));
  writeKeyFileExclusive(pendingKeyPath(keyDir), crypto.randomBytes(32));
  const run = await runStart(['--demo'], {
    DATA_DIR: dataDir,
    KEY_DIR: keyDir,
    EVIDENCE_MASTER_KEY: undefined,
    DATABASE_URL: undefined,
    PORT: String(await freePort()),
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /A rotation of the evidence master key was interrupted[\s\S]*Run `npm run keys:rotate` to finish it/,
  );
  expect(fs.readdirSync(dataDir)).not.toContain('pglite');
}, 60_000);

test('a data directory started without the key its files are under stops, and the key it made is removed', async () => {
  const c = await makeCase();
  await makeEvidence(c.kase.id, c.member!.id); // under this test run's EVIDENCE_MASTER_KEY
  await closeDb(); // PGlite: the launcher opens this data directory next
  const keyDir = path.join(temp('keys'), 'keys');
  const vars = embedded
    ? { KEY_DIR: keyDir, EVIDENCE_MASTER_KEY: undefined }
    : { EVIDENCE_MASTER_KEY: crypto.randomBytes(32).toString('base64') };
  const run = await runStart(
    ['--demo'],
    { ...vars, PORT: String(await freePort()) },
    /Reinstate is running|Building the app/,
  );
  expect(run.stopped).toBe(false);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/does not open the evidence files already stored in this database/);
  expect(run.stderr).toMatch(/restore the key\s+directory from the same backup/);
  if (embedded) {
    expect(run.stderr).toContain(`The key just made at ${masterKeyPath(keyDir)}`);
    expect(fs.readdirSync(keyDir)).toEqual([]);
  }
}, 120_000);

(embedded ? describe : describe.skip)('the start that makes or moves the key (embedded default)', () => {
  test('a first start makes the key outside DATA_DIR and says where it is and to back it up separately', async () => {
    const dataDir = path.join(temp('fresh'), 'data');
    const run = await runStart(
      ['--demo'],
      { DATA_DIR: dataDir, KEY_DIR: undefined, EVIDENCE_MASTER_KEY: undefined, PORT: String(await freePort()) },
      /can read everything\.|Building the app/,
    );
    const keyFile = masterKeyPath(`${dataDir}-keys`);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`A new evidence master key was made: ${keyFile}`);
    expect(run.stdout).toMatch(
      /Without this key they cannot be\s+read, not even from a full backup of the data directory/,
    );
    expect(run.stdout).toMatch(/keep that\s+backup apart from backups of/);
    expect(readKeyFile(keyFile)).toHaveLength(32);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dataDir)).not.toContain('evidence-master-key');
  }, 120_000);

  test('the first start after upgrading moves the key out of DATA_DIR, keeping the same key', async () => {
    const dataDir = path.join(temp('upgrade'), 'data');
    fs.mkdirSync(dataDir);
    const key = crypto.randomBytes(32);
    fs.writeFileSync(legacyKeyPath(dataDir), key.toString('base64'), { mode: 0o600 });
    const run = await runStart(
      ['--demo'],
      { DATA_DIR: dataDir, KEY_DIR: undefined, EVIDENCE_MASTER_KEY: undefined, PORT: String(await freePort()) },
      /as safe as the key itself, or delete them\.|Building the app/,
    );
    const keyFile = masterKeyPath(`${dataDir}-keys`);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`The evidence master key was moved out of the data directory, to ${keyFile}`);
    expect(run.stdout).toMatch(/Copies of the data directory made before\s+today still hold the key/);
    expect(fs.existsSync(legacyKeyPath(dataDir))).toBe(false);
    expect(readKeyFile(keyFile).equals(key)).toBe(true);
  }, 120_000);
});

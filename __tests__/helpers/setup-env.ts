import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs in each test file's sandbox before any module loads: give the file its own copy of the
// migrated embedded database (reopening a copy takes ~0.4 s; a fresh initdb takes ~4 s).
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-test-secret';
process.env.EVIDENCE_MASTER_KEY ??= Buffer.alloc(32, 7).toString('base64');
process.env.LOGIN_MAX_FAILURES ??= '5';
// Previews are made without bubblewrap's sandbox, except in the files that test it (they set it on): a test
// file's process that ends while a sandbox is still being set up leaves bwrap's outer process waiting for it,
// holding the test run's output open (CI's PostgreSQL pass once never ended).
process.env.PREVIEW_SANDBOX = 'off';
const template = process.env.REINSTATE_TEST_TEMPLATE;
let made: string | undefined;
if (!process.env.DATABASE_URL && template) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-test-'));
  fs.cpSync(path.join(template, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  process.env.DATA_DIR = dir;
  made = dir;
} else if (!process.env.DATA_DIR) {
  process.env.DATA_DIR = made = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-test-'));
}
// The directory made here is removed when the file ends (environment.js): with the copied database, 41 MB a file,
// about 5 GB a run, were left in the temp directory.
(globalThis as { __reinstateTestDataDir?: string }).__reinstateTestDataDir = made;

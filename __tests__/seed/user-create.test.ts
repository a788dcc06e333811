import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPGlite } from '../../lib/db/pglite';

// Runs the real CLI in a child process against a brand-new embedded database directory.
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

type Run = { code: number; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL; // always the fresh embedded database given in DATA_DIR
  delete childEnv.NODE_OPTIONS;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, 'scripts/user-create.ts', ...args],
      { cwd: root, env: childEnv, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('scripts/user-create.ts', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-user-create-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates a fresh database and creates the account with a hashed password', async () => {
    const res = await runCli(['--role', 'coordinator', '--email', 'Ann@Example.org', '--name', 'Ann Example'], {
      DATA_DIR: dataDir,
      REINSTATE_NEW_PASSWORD: 'a-long-enough-password',
    });
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Created coordinator account ann@example.org');
    expect(res.stdout + res.stderr).not.toContain('a-long-enough-password');

    const pg = createPGlite(path.join(dataDir, 'pglite'));
    try {
      const { rows } = await pg.query<{ email: string; role: string; name: string; passwordHash: string }>(
        'SELECT email, role, name, "passwordHash" FROM "User"',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ email: 'ann@example.org', role: 'COORDINATOR', name: 'Ann Example' });
      expect(rows[0]!.passwordHash).toMatch(/^\$argon2id\$/);
      const audit = await pg.query<{ action: string }>('SELECT action FROM "AuditLog"');
      expect(audit.rows.map((r) => r.action)).toEqual(['user.create']);
    } finally {
      await pg.close();
    }
  }, 120_000);

  it('refuses an email that already has an account, with a non-zero exit', async () => {
    const res = await runCli(['--role', 'caseworker', '--email', 'ann@example.org', '--name', 'Someone Else'], {
      DATA_DIR: dataDir,
      REINSTATE_NEW_PASSWORD: 'another-long-password',
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('An account with the email ann@example.org already exists');
  }, 120_000);

  it("refuses a malformed email with the schema's message, before touching the database", async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-user-create-'));
    const res = await runCli(['--role', 'member', '--email', 'not-an-email', '--name', 'Ann Example'], {
      DATA_DIR: fresh,
      REINSTATE_NEW_PASSWORD: 'a-long-enough-password',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--email: Enter an email address like name@example.com');
    expect(res.stderr).toContain('Usage: npm run user:create');
    expect(fs.existsSync(path.join(fresh, 'pglite'))).toBe(false);
    fs.rmSync(fresh, { recursive: true, force: true });
  }, 60_000);

  it('refuses a short password and a missing one', async () => {
    const short = await runCli(['--role', 'member', '--email', 'b@example.org', '--name', 'B Example'], {
      DATA_DIR: dataDir,
      REINSTATE_NEW_PASSWORD: 'short',
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('Password: Use at least 10 characters');
    const none = await runCli(['--role', 'member', '--email', 'b@example.org', '--name', 'B Example'], {
      DATA_DIR: dataDir,
      REINSTATE_NEW_PASSWORD: undefined,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('REINSTATE_NEW_PASSWORD');
  }, 60_000);
});

// Creates an account from the command line, e.g. the first coordinator of a new installation:
//
//   npm run user:create -- --role coordinator --email ann@example.org --name "Ann Example"
//
// The password is asked for twice, hidden, on a terminal. Without a terminal (scripts, CI) it is
// read from the environment variable REINSTATE_NEW_PASSWORD, which is never printed.
// Migrations are applied first, so this also works on a brand-new data directory.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { emailSchema, newPasswordSchema, personNameSchema } from '../lib/auth/schemas';
import { applyMigrations } from '../lib/db/migrate';
import { closeDb, db } from '../lib/db/client';
import { getEnv } from '../lib/env';
import { createUser } from '../lib/users/account-services';
import { InvalidError } from '../lib/errors';
import type { Role } from '../lib/db/generated/enums';

const PASSWORD_VAR = 'REINSTATE_NEW_PASSWORD';
const ROLES = { coordinator: 'COORDINATOR', caseworker: 'CASEWORKER', member: 'MEMBER' } as const satisfies Record<
  string,
  Role
>;

const USAGE = `Usage: npm run user:create -- --role <coordinator|caseworker|member> --email <address> --name "<full name>"

On a terminal you are asked for the password (at least 10 characters), twice, hidden.
Otherwise set it in the environment variable ${PASSWORD_VAR}.`;

/** A problem with what was typed: printed with the usage and exit code 2. */
class UsageError extends Error {}

const firstIssue = (err: z.ZodError) => err.issues[0]?.message ?? 'is not valid';

function parseInput(argv: string[]): { role: Role; email: string; name: string } | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  const missing = (['role', 'email', 'name'] as const).filter((k) => typeof values[k] !== 'string' || values[k] === '');
  if (missing.length) throw new UsageError(`Missing ${missing.map((k) => `--${k}`).join(', ')}.`);

  const roleKey = String(values.role).trim().toLowerCase();
  if (!(roleKey in ROLES))
    throw new UsageError(`--role must be one of ${Object.keys(ROLES).join(', ')} (got "${values.role}").`);
  const email = emailSchema.safeParse(values.email);
  if (!email.success) throw new UsageError(`--email: ${firstIssue(email.error)} (got "${values.email}").`);
  const name = personNameSchema.safeParse(values.name);
  if (!name.success) throw new UsageError(`--name: ${firstIssue(name.error)}.`);
  return { role: ROLES[roleKey as keyof typeof ROLES], email: email.data, name: name.data };
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  // Scripts in this repository read the environment through lib/env.ts; this one secret is
  // deliberately kept out of it so that the application never sees it.
  const fromEnv = process.env[PASSWORD_VAR];
  let password: string;
  if (fromEnv !== undefined && fromEnv !== '') {
    password = fromEnv;
  } else if (process.stdin.isTTY) {
    password = await promptHidden('Password (at least 10 characters): ');
    const check = newPasswordSchema.safeParse(password);
    if (!check.success) throw new UsageError(`Password: ${firstIssue(check.error)}.`);
    const again = await promptHidden('Type the password again: ');
    if (again !== password) throw new UsageError('The two passwords do not match.');
  } else {
    throw new UsageError(`No password given. Run this on a terminal to be asked for one, or set ${PASSWORD_VAR}.`);
  }
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) throw new UsageError(`Password: ${firstIssue(parsed.error)}.`);
  return parsed.data;
}

async function main(): Promise<number> {
  const input = parseInput(process.argv.slice(2));
  if (input === 'help') {
    console.log(USAGE);
    return 0;
  }
  const password = await readPassword();
  const env = getEnv();

  await applyMigrations();
  try {
    if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      console.error(`An account with the email ${input.email} already exists. Nothing was changed.`);
      return 1;
    }
    const user = await createUser({ ...input, password }, null, { ip: 'cli', userAgent: 'scripts/user-create' });
    const where = env.embedded ? `the embedded database at ${env.pgliteDir}` : 'the PostgreSQL server';
    console.log(`Created ${user.role.toLowerCase()} account ${user.email} for ${input.name} in ${where}.`);
    return 0;
  } catch (err) {
    if (err instanceof InvalidError && err.fieldErrors.email) {
      // Lost a race with another process creating the same email.
      console.error(`An account with the email ${input.email} already exists. Nothing was changed.`);
      return 1;
    }
    throw err;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code), // the wasm schema engine leaves a timer running
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

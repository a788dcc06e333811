import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createPGlite } from '@/lib/db/pglite';
import { committedMigrations } from '@/lib/db/migration-names';
import { notReadyMessage, schemaState } from '@/lib/db/schema-ready';

// The server's check at its start (instrumentation.ts; scripts/serve.ts before it starts web processes): every
// committed migration applied, or it stops with a message saying what to run. The server-level half (a real
// server on a database without tables stops at once) is in __tests__/e2e/shutdown.test.ts.

const root = path.resolve(__dirname, '../../..');

test('the database the tests use has every committed migration: ready', async () => {
  expect(committedMigrations(root).length).toBeGreaterThan(10);
  expect(await schemaState(root)).toEqual({ ready: true });
});

test('a migration in the code that the database has not applied: not ready, and the message names it', async () => {
  const ahead = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-ahead-'));
  try {
    for (const name of [...committedMigrations(root), '29991231000000_from_the_future'])
      fs.mkdirSync(path.join(ahead, 'prisma', 'migrations', name), { recursive: true });
    const state = await schemaState(ahead);
    expect(state).toMatchObject({ ready: false, reason: 'behind', missing: ['29991231000000_from_the_future'] });
    if (state.ready) return;
    const message = notReadyMessage(state);
    expect(message).toMatch(
      /^Reinstate cannot start: the (embedded|PostgreSQL) database .* is missing 1 migration \(the first: 29991231000000_from_the_future\)\./,
    );
    expect(message).toContain('`npm start`, which applies the migrations first');
    expect(message).not.toMatch(/postgres:\/\/|password/i);
  } finally {
    fs.rmSync(ahead, { recursive: true, force: true });
  }
});

test('a database without tables: not ready, every committed migration missing', async () => {
  const empty = createPGlite();
  try {
    const state = await schemaState(root, async (sql) => (await empty.query<{ name: string }>(sql)).rows);
    expect(state).toMatchObject({ ready: false, reason: 'no-tables', missing: committedMigrations(root) });
    if (!state.ready) expect(notReadyMessage(state)).toMatch(/has no tables: its migrations were never applied\./);
  } finally {
    await empty.close();
  }
});

test('any other failure is not taken for a missing database: it is thrown as it is', async () => {
  await expect(
    schemaState(root, async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }),
  ).rejects.toThrow('ECONNREFUSED');
});

const onServer = process.env.DATABASE_URL;
(onServer ? test : test.skip)('PostgreSQL: a database that does not exist on the server is named as such', async () => {
  const url = new URL(onServer!);
  url.pathname = `/reinstate_no_such_database_${process.pid}`;
  const client = new Client({ connectionString: url.toString() });
  try {
    const state = await schemaState(root, async (sql) => {
      await client.connect();
      return (await client.query<{ name: string }>(sql)).rows;
    });
    expect(state).toMatchObject({ ready: false, reason: 'no-database' });
    if (!state.ready) expect(notReadyMessage(state)).toMatch(/does not exist\.\nCreate it/);
  } finally {
    await client.end().catch(() => undefined);
  }
});

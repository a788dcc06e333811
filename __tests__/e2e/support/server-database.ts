import crypto from 'node:crypto';
import { Client } from 'pg';

// Which database an app started by the browser and HTTP suites uses. By default the embedded one in
// its own data directory (as the README's demo does). With E2E_POSTGRES — a PostgreSQL server address
// without a database name, e.g. postgres://postgres@127.0.0.1:5432 — each app gets a fresh database of
// its own on that server, so CI runs the server-level suites on both engines.

export type ServerDatabase = { env: Record<string, string>; name: string | null };

const server = () => process.env.E2E_POSTGRES?.replace(/\/+$/, '');

export async function createServerDatabase(): Promise<ServerDatabase> {
  const base = server();
  if (!base) return { env: {}, name: null };
  const name = `reinstate_e2e_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return {
    name,
    env: {
      DATABASE_URL: `${base}/${name}`,
      // A server deployment sets its secrets itself (the embedded default makes them on first start).
      AUTH_SECRET: crypto.randomBytes(32).toString('base64'),
      EVIDENCE_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
    },
  };
}

/** Drops a database made above, once its app has stopped (its connections are closed by force). */
export async function dropServerDatabase(name: string | null): Promise<void> {
  const base = server();
  if (!base || !name) return;
  const client = new Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

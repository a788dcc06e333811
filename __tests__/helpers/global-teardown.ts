import { onServer } from './pg-admin';

// Drops the template database global-setup.ts copied for files marked `@database own` (PostgreSQL only).
export default async function globalTeardown(): Promise<void> {
  const template = process.env.REINSTATE_PG_TEMPLATE;
  if (process.env.DATABASE_URL && template) {
    await onServer(process.env.DATABASE_URL, [`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`]);
  }
}

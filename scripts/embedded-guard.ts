import { getEnv } from '../lib/env';

/**
 * The embedded database allows one process per data directory, and nothing locks it: opening it while the
 * app is serving from it risks the data. A command-line run that needs the database refuses rather than
 * find out. Returns true (and says why, and what to do) when the app answers on PORT with the embedded
 * database; false with PostgreSQL, or when nothing answers.
 */
export async function appHoldsEmbeddedDb(whatTheAppDoes: string, instead: string): Promise<boolean> {
  const env = getEnv();
  if (!env.embedded) return false;
  const running = await fetch(`http://127.0.0.1:${env.PORT}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!running) return false;
  console.error(
    `Reinstate is running on port ${env.PORT} with the embedded database (${env.pgliteDir}), which only one process may open.`,
  );
  console.error(whatTheAppDoes);
  console.error(`${instead} stop the app first, or run Reinstate on PostgreSQL (DATABASE_URL).`);
  return true;
}

import { PrismaClient } from './generated/client';
import { openEngine, type EngineHandle } from './engine';

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

type Holder = {
  client?: PrismaClient;
  engine?: EngineHandle;
  /** Set when the server stops: nothing may open the database again in this process. */
  stopped?: boolean;
  /** For scripts/serve.ts, which is built apart from the app and shares only globalThis with it. */
  stop?: () => Promise<void>;
};
const holder = globalThis as unknown as { __reinstateDb?: Holder };
holder.__reinstateDb ??= {};

// Created lazily on first use: `next build` must never open the embedded database,
// and PGlite allows one process per data directory.
export function getDb(): PrismaClient {
  const h = holder.__reinstateDb!;
  if (!h.client) {
    if (h.stopped) throw new Error('The database is closed: the server is stopping.');
    h.engine = openEngine();
    h.client = new PrismaClient({
      adapter: h.engine.factory,
      transactionOptions: { timeout: 20_000, maxWait: 20_000 },
    });
  }
  return h.client;
}

export async function closeDb(): Promise<void> {
  const h = holder.__reinstateDb!;
  await h.client?.$disconnect();
  await h.engine?.close();
  h.client = undefined;
  h.engine = undefined;
}

/**
 * The server is stopping (scripts/serve.ts): close the database for good. The embedded one writes a
 * checkpoint on closing, so the next start needs no recovery; a timer that fires afterwards gets an
 * error instead of opening it again.
 */
holder.__reinstateDb.stop = async () => {
  holder.__reinstateDb!.stopped = true;
  await closeDb();
};

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

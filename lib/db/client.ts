import { PrismaClient } from './generated/client';
import { openEngine, type EngineHandle } from './engine';

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

type Holder = { client?: PrismaClient; engine?: EngineHandle };
const holder = globalThis as unknown as { __reinstateDb?: Holder };
holder.__reinstateDb ??= {};

// Created lazily on first use: `next build` must never open the embedded database,
// and PGlite allows one process per data directory.
export function getDb(): PrismaClient {
  const h = holder.__reinstateDb!;
  if (!h.client) {
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

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

import fs from 'node:fs';
import path from 'node:path';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { getEnv } from '../env';
import { createPGlite, PrismaPGliteWithExtensions } from './pglite';
import { statementName } from './statement-names';

// One adapter factory for whichever engine the environment names:
// a PostgreSQL server when DATABASE_URL is set, otherwise embedded PGlite in DATA_DIR. An explicit
// pgliteDir or databaseUrl wins over the environment (tools that build a database of their own).
export type EngineHandle = {
  kind: 'pglite' | 'postgres';
  factory: PrismaPGlite | PrismaPg;
  close: () => Promise<void>;
};

export function openEngine(options: { pgliteDir?: string; databaseUrl?: string } = {}): EngineHandle {
  const env = getEnv();
  const url = options.databaseUrl ?? (options.pgliteDir ? undefined : env.DATABASE_URL);
  if (url) {
    // Statements are prepared by name on each connection and their plans kept (./statement-names.ts). The
    // adapter's type asks for a string; undefined (past the cap) is what it passes when there is no generator.
    const factory = new PrismaPg(
      { connectionString: url, max: 10 },
      { statementNameGenerator: (query) => statementName(query) as string },
    );
    return { kind: 'postgres', factory, close: async () => {} };
  }
  const dir = options.pgliteDir ?? env.pgliteDir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pglite = createPGlite(dir);
  return { kind: 'pglite', factory: new PrismaPGliteWithExtensions(pglite), close: () => pglite.close() };
}

import { openEngine } from './engine';
import { readMigrations, startSchemaEngine } from './schema-engine';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * Applies committed migrations forward only (migrate deploy semantics). Never resets data. `upTo` stops after the
 * named migration (tests and the migration check build a database as it was at that point).
 */
export async function applyMigrations(
  options: { pgliteDir?: string; databaseUrl?: string; upTo?: string } = {},
): Promise<string[]> {
  const handle = openEngine(options);
  try {
    const engine = await startSchemaEngine(handle.factory as unknown as SqlMigrationAwareDriverAdapterFactory);
    const out = await engine.applyMigrations({
      migrationsList: readMigrations(options.upTo),
      filters: { externalTables: [], externalEnums: [] },
    });
    // PGlite has no autovacuum: fresh statistics keep the planner on the indexes.
    const conn = await handle.factory.connect();
    await conn.executeRaw({ sql: 'ANALYZE', args: [], argTypes: [] });
    await conn.dispose();
    return out.appliedMigrationNames;
  } finally {
    await handle.close();
  }
}

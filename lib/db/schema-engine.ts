import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { createPGlite, PrismaPGliteWithExtensions } from './pglite';
import { committedMigrations } from './migration-names';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's schema engine compiled to WebAssembly, driven through a driver adapter.
// It applies committed migrations and writes the standard `_prisma_migrations` table,
// so `prisma migrate deploy` on a connected machine sees the same history. No download.
// See docs/decisions/0001-migrations-without-engine-download.md.

export const root = path.resolve(__dirname, '../..');
export const schemaPath = path.join(root, 'prisma/schema.prisma');
export const migrationsDir = path.join(root, 'prisma/migrations');

let loaded = false;
async function loadWasm(): Promise<void> {
  if (loaded) return;
  const require = createRequire(__filename);
  const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
  const compiled = await WebAssembly.compile(fs.readFileSync(wasmFile));
  const instance = await WebAssembly.instantiate(compiled, {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  loaded = true;
}

export async function startSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  await loadWasm();
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  return (await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => {},
    adapter,
  )) as unknown as SchemaEngine;
}

/** The committed migrations, or those up to and including `upTo`. */
export function readMigrations(upTo?: string): MigrationList {
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  const all = committedMigrations(root);
  if (upTo !== undefined && !all.includes(upTo)) throw new Error(`No migration named ${upTo}`);
  const dirs = upTo === undefined ? all : all.filter((name) => name <= upTo);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  } as MigrationList;
}

/** The SQL that takes the replayed migrations to the current schema, computed in a throwaway in-memory PGlite. */
export async function diffSchemaAgainstMigrations(): Promise<string> {
  const scratch = createPGlite();
  const engine = await startSchemaEngine(new PrismaPGliteWithExtensions(scratch));
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const result = await engine.diff({
    from: { tag: 'migrations', ...readMigrations() },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
    script: true,
    exitCode: null,
    shadowDatabaseUrl: null,
    filters: { externalTables: [], externalEnums: [] },
  } as never);
  await scratch.close();
  return (result as { stdout: string }).stdout;
}

import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// Search (lib/search) needs pg_trgm (names and references with typos) and unaccent (accents ignored). PGlite
// ships them as contrib extensions that must be loaded when an instance is created, before a migration's
// CREATE EXTENSION or any query that uses them: every PGlite in the app, its scripts and its tests is made
// here (a test fails if `new PGlite(` appears anywhere else).
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

/** An embedded database in `dir` (in memory when omitted), with the extensions the migrations create. */
export function createPGlite(dir?: string): PGlite {
  return new PGlite({ dataDir: dir, extensions: PGLITE_EXTENSIONS, postgresqlconf: PGLITE_CONF });
}

/**
 * PostgreSQL's default 128 MB of shared buffers is memory PGlite's WebAssembly heap takes at once: with 32 MB
 * an opened demo database holds 189 MB instead of 297 (measured, Node 20). Pages not in the buffers are
 * read through the operating system's file cache.
 */
const PGLITE_CONF = 'shared_buffers=32MB';

/**
 * The Prisma adapter over an embedded database. The adapter's own shadow database (Prisma's diff replays the
 * migrations into it) is a PGlite it makes itself, without the extensions: this one makes it here instead.
 */
export class PrismaPGliteWithExtensions extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(createPGlite()).connect();
  }
}

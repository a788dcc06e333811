import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db/client';

// The search columns and indexes live in schema.prisma (Unsupported("tsvector") and GIN indexes) and their
// triggers in the migration: Prisma's diff must never want to drop or change them, and every PGlite must
// load the extensions the migration creates.
const root = path.resolve(__dirname, '../../..');
const migrationsDir = path.join(root, 'prisma/migrations');
const migrationNames = () => fs.readdirSync(migrationsDir).filter((n) => /^\d{14}_/.test(n));

test('npm run db:diff finds nothing to write: the search columns and indexes are not dropped', () => {
  const before = migrationNames();
  let out = '';
  try {
    out = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        path.join(root, 'scripts/db.ts'),
        'diff',
        'search_schema_probe',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
    );
  } finally {
    // A diff that did find something wrote a migration: take it away again (the test fails below).
    for (const name of migrationNames().filter((n) => !before.includes(n)))
      fs.rmSync(path.join(migrationsDir, name), { recursive: true, force: true });
  }
  expect(out).toContain('The schema matches the migrations: nothing to write.');
}, 180_000);

test('the search indexes and triggers exist in the database', async () => {
  const indexes = await db.$queryRaw<{ indexname: string }[]>`
    SELECT indexname FROM pg_indexes WHERE indexname IN ('Case_searchVector_idx', 'Case_reference_idx',
      'Person_searchName_idx', 'Sanction_searchVector_idx', 'TimelineEvent_searchVector_idx',
      'Evidence_searchVector_idx', 'Letter_searchVector_idx')`;
  expect(indexes.map((i) => i.indexname).sort()).toEqual(
    [
      'Case_reference_idx',
      'Case_searchVector_idx',
      'Evidence_searchVector_idx',
      'Letter_searchVector_idx',
      'Person_searchName_idx',
      'Sanction_searchVector_idx',
      'TimelineEvent_searchVector_idx',
    ].sort(),
  );
  const triggers = await db.$queryRaw<{ tgname: string }[]>`
    SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_search' ESCAPE '\\' AND NOT tgisinternal`;
  expect(new Set(triggers.map((t) => t.tgname))).toEqual(
    new Set([
      'Case_search',
      'Person_search',
      'Sanction_search',
      'TimelineEvent_search',
      'Evidence_search',
      'Letter_search',
    ]),
  );
});

test('every PGlite is made by lib/db/pglite.ts, which loads pg_trgm and unaccent', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated' && entry.name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        if (/new PGlite\s*\(|PGlite\.create\s*\(/.test(text)) offenders.push(path.relative(root, full));
      }
    }
  };
  for (const dir of ['lib', 'scripts', 'app', '__tests__']) walk(path.join(root, dir));
  expect(
    offenders.filter((f) => f !== path.join('lib', 'db', 'pglite.ts') && f !== path.relative(root, __filename)),
  ).toEqual([]);
  expect(fs.readFileSync(path.join(root, 'lib/db/pglite.ts'), 'utf8')).toMatch(/extensions: PGLITE_EXTENSIONS/);
});

test('every search index is written at once, with no pending list a search would read row by row', async () => {
  // With fastupdate on, rows written since the last VACUUM wait in a list each search scans (the embedded
  // database never vacuums): prisma/migrations/20261203120000_search_indexes_without_pending_list.
  const gin = await db.$queryRaw<{ name: string; options: string[] | null }[]>`
    SELECT c.relname AS name, c.reloptions AS options FROM pg_class c JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname`;
  expect(gin.length).toBeGreaterThanOrEqual(7);
  expect(gin.filter((i) => !(i.options ?? []).includes('fastupdate=off')).map((i) => i.name)).toEqual([]);
});

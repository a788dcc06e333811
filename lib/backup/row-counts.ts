// Row counts of every table in the public schema (Prisma's _prisma_migrations included): what the
// manifest records and what a restore checks against. `query` runs one statement on a connection the
// caller chose (inside its snapshot).
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export async function listTables(query: Query): Promise<string[]> {
  const rows = await query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  return rows.map((r) => String(r.name));
}

export async function countRows(query: Query): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(query)) {
    const [row] = await query(`SELECT count(*)::text AS n FROM "public"."${table.replaceAll('"', '""')}"`);
    counts[table] = Number(row!.n);
  }
  return counts;
}

export async function lastMigration(query: Query): Promise<string | null> {
  try {
    const rows = await query(
      'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1',
    );
    return rows[0] ? String(rows[0].name) : null;
  } catch {
    return null;
  }
}

/** Lines like "  Case: 12" for the tables that differ, or an empty list when `after` matches `before`. */
export function diffCounts(before: Record<string, number>, after: Record<string, number>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .sort()
    .filter((t) => before[t] !== after[t])
    .map((t) => `  ${t}: ${before[t] ?? 'missing'} in the archive, ${after[t] ?? 'missing'} restored`);
}

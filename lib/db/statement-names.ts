import crypto from 'node:crypto';

/** How many distinct statements a process names (and so each of its connections may keep prepared). */
export const MAX_NAMED_STATEMENTS = 500;

const names = new Map<string, string>();

/**
 * Begins a statement whose best plan depends on its values, which then runs unnamed and is planned on every
 * call. Nothing in the app needs it now: search did until its indexes lost their pending lists, and is faster on
 * its generic plan (docs/decisions/0038-search-prepared.md). The embedded database's tests use it to reach
 * PGlite's own query().
 */
export const PLAN_EACH_CALL = '/* plan each call */';

/**
 * The name a statement is prepared under on a PostgreSQL connection (the pg adapter's statementNameGenerator).
 * Unnamed, PostgreSQL parses and plans every statement again on every call: the case page's one read, a join
 * of 35 tables, took longer to plan than to run (EXPLAIN ANALYZE on the 10,000-case bench database). Named, a
 * connection parses it once and, once PostgreSQL finds a generic plan as good as the custom ones (after five
 * calls: plan_cache_mode=auto), stops planning it. The name is a hash of the SQL text, so one name always means
 * one text. The first MAX_NAMED_STATEMENTS distinct texts of a process are named, later ones run unnamed as
 * before: a statement whose text varies (an IN list of any length) cannot fill a connection's memory.
 */
export function statementName(query: { sql: string }): string | undefined {
  if (query.sql.includes(PLAN_EACH_CALL)) return undefined;
  const known = names.get(query.sql);
  if (known) return known;
  if (names.size >= MAX_NAMED_STATEMENTS) return undefined;
  const name = `r${crypto.createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
  names.set(query.sql, name);
  return name;
}

/** How many statements are named now (tests). */
export const namedStatementCount = (): number => names.size;

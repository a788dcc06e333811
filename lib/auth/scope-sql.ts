import { Prisma } from '../db/generated/client';
import { assertActor, caseScope, type Actor } from './policy';
import { itemsForReader } from './audience';

// The policy module's rules as SQL conditions, for the few queries Prisma cannot express (search: tsvector and
// trigram operators). They say what caseScope() and itemsForReader() say, nothing of their own:
// __tests__/lib/search/scope-sql.test.ts checks both against the Prisma filters over generated cases and items.
// `alias` is always a constant written in the query's code, never input.

const column = (alias: string, name: string) => Prisma.raw(`${alias}."${name}"`);

/** caseScope(actor) on the case row named `alias`. */
export function caseScopeSql(actor: Actor, alias: string): Prisma.Sql {
  assertActor(actor);
  const id = column(alias, 'id');
  switch (actor.role) {
    case 'COORDINATOR':
      return Prisma.sql`TRUE`;
    case 'CASEWORKER':
      return Prisma.sql`(EXISTS (SELECT 1 FROM "Assignment" scope_a WHERE scope_a."caseId" = ${id}
        AND scope_a."caseworkerId" = ${actor.id} AND scope_a."endedAt" IS NULL)
        AND ${column(alias, 'consentGivenAt')} IS NOT NULL AND ${column(alias, 'consentWithdrawnAt')} IS NULL)`;
    case 'MEMBER':
      return Prisma.sql`EXISTS (SELECT 1 FROM "Person" scope_p WHERE scope_p."id" = ${column(alias, 'personId')}
        AND scope_p."userId" = ${actor.id})`;
    default:
      return Prisma.sql`FALSE`;
  }
}

/** Whether caseScope(actor) is every case (then caseScopeSql is TRUE and a query may skip joining the case). */
export const scopesEveryCase = (actor: Actor): boolean => Object.keys(caseScope(actor)).length === 0;

/** itemsForReader(actor) on the item row named `alias` (a timeline entry or an evidence item): each field of its filter. */
export function itemsForReaderSql(actor: Actor, alias: string): Prisma.Sql {
  const parts = Object.entries(itemsForReader(actor)).map(([field, value]) =>
    typeof value === 'string'
      ? Prisma.sql`${column(alias, field)}::text = ${value}`
      : Prisma.sql`${column(alias, field)} = ${value}`,
  );
  return parts.length ? Prisma.sql`(${Prisma.join(parts, ' AND ')})` : Prisma.sql`TRUE`;
}

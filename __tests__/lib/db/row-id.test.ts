import { newRowId } from '@/lib/db/row-id';

// Ids made in the app for rows written many at once (lib/db/row-id.ts): cuid-shaped, in order, never repeated. The
// random part is drawn from a pool refilled every 1,024 ids: ids on both sides of a refill are checked too.

test('ids are cuid-shaped, unique across several refills of the random pool, and sort in the order they were made', () => {
  const ids = Array.from({ length: 5000 }, () => newRowId());
  for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{12}[0-9a-f]{12}$/);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
});

import fc from 'fast-check';
import { db } from '@/lib/db/client';
import { saveIntakeDraftAction } from '@/lib/intake/actions';
import { signUpAction } from '@/lib/users/actions';
import { UNSTORABLE_MESSAGE, findUnstorable, isStorableText } from '@/lib/http/storable-text';
import { actAs, makeUser } from '../../helpers/factories';

// The central guard against text PostgreSQL cannot store (U+0000, lone UTF-16 surrogates), checked
// against the real database: what the guard lets through can be stored, what it refuses cannot.
// Then through real server actions: a field message on the right path, and nothing written.

const NUL = '\u0000';
const HIGH = '\uD83D';
const LOW = '\uDE00';

describe('isStorableText agrees with the database', () => {
  test.each([
    ['plain', 'Siobhán Ó Dálaigh', true],
    ['emoji (a surrogate pair)', `Appeal ${HIGH}${LOW}`, true],
    ['NUL', `a${NUL}b`, false],
    ['lone high surrogate at the end', `a${HIGH}`, false],
    ['lone low surrogate at the start', `${LOW}a`, false],
    ['pair reversed', `${LOW}${HIGH}`, false],
  ])('%s', async (_name, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
    const stored = await db.$queryRaw<{ v: string }[]>`SELECT ${text}::text AS v`.then(
      (r) => r[0]!.v === text,
      () => false,
    );
    expect(stored).toBe(storable);
  });

  test('for any UTF-16 string: refused by the guard exactly when the database refuses it', async () => {
    // Strings of arbitrary code units, often holding NUL and lone surrogates.
    const units = fc.oneof(
      fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x41),
      fc.integer({ min: 0, max: 0xffff }),
    );
    const text = fc.array(units, { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(text, async (s) => {
        const stored = await db.$queryRaw<{ v: string }[]>`SELECT ${s}::text AS v`.then(
          (r) => r[0]!.v === s,
          () => false,
        );
        expect(stored).toBe(isStorableText(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('findUnstorable', () => {
  test('reports each bad string by its path, at any depth; a bad key at its object', () => {
    const input = { a: 'ok', b: [`x${NUL}`, { c: `${HIGH}` }], [`k${NUL}`]: 1, d: { e: { f: 'fine' } } };
    expect(
      findUnstorable(input)
        .map((p) => p.join('.'))
        .sort(),
    ).toEqual(['', 'b.0', 'b.1.c']);
    expect(findUnstorable({ fine: ['yes', 1, null, true, { x: `${HIGH}${LOW}` }] })).toEqual([]);
    expect(findUnstorable(`top${NUL}`)).toEqual([[]]);
  });

  test('deep nesting does not overflow the stack', () => {
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorable(deep)).toHaveLength(1);
  });

  test('property: a bad character put anywhere in a JSON value is found at that path', () => {
    const clean = fc.string().filter(isStorableText);
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        clean,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(clean, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom(NUL, HIGH, LOW), fc.nat(), (v, bad, pick) => {
        expect(findUnstorable(v)).toEqual([]);
        // Every path to a string leaf; poison one of them.
        const leaves: (string | number)[][] = [];
        const walk = (x: unknown, path: (string | number)[]) => {
          if (typeof x === 'string') leaves.push(path);
          else if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
          else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...path, k]);
        };
        walk(v, []);
        if (!leaves.length) return;
        const path = leaves[pick % leaves.length]!;
        const poisoned = structuredClone(v);
        if (path.length === 0) {
          expect(findUnstorable(`${v as string}${bad}`)).toEqual([[]]);
          return;
        }
        let parent = poisoned as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        const last = path.at(-1)!;
        parent[last] = `${parent[last] as string}${bad}`;
        expect(findUnstorable(poisoned)).toEqual([path]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('server actions refuse unstorable text with a field message, and store nothing', () => {
  test('authedAction: a nested field of the intake draft (stored as jsonb)', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    for (const bad of [NUL, HIGH, LOW]) {
      const res = await saveIntakeDraftAction({ step: 0, data: { fullName: `Name${bad}` } } as never);
      expect(res).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Please check the highlighted fields.',
        fieldErrors: { 'data.fullName': UNSTORABLE_MESSAGE },
      });
    }
    expect(await db.intakeDraft.count({ where: { userId: member.id } })).toBe(0);
    // The same draft with a well-formed name (an emoji is a surrogate pair) is saved.
    const ok = await saveIntakeDraftAction({ step: 0, data: { fullName: `Name ${HIGH}${LOW}` } } as never);
    expect(ok.ok).toBe(true);
    expect(await db.intakeDraft.count({ where: { userId: member.id } })).toBe(1);
  });

  test('publicAction: sign-up with a NUL in the email and a lone surrogate in the name', async () => {
    actAs(null);
    const email = `fuzz-${Date.now()}@example.test`;
    const res = await signUpAction({
      name: `A ${HIGH}Person`,
      email: `${email}${NUL}`,
      password: 'a long enough password 1',
      confirmPassword: 'a long enough password 1',
    });
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { name: UNSTORABLE_MESSAGE, email: UNSTORABLE_MESSAGE },
    });
    expect(await db.user.count({ where: { email: { startsWith: email } } })).toBe(0);
  });

  test('a bad key in an object is refused at that object', async () => {
    actAs(await makeUser('MEMBER'));
    const res = await saveIntakeDraftAction({ step: 0, data: { [`fullName${NUL}`]: 'x' } } as never);
    expect(res).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { data: UNSTORABLE_MESSAGE } });
  });
});

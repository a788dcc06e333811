import fc from 'fast-check';

// Values nobody should send, for the fuzz suite: text the database cannot store, text that is
// merely unusual, wrong types, impossible dates and nested junk. Each is also the kind of thing a
// broken client, a hand-made request or a scanner does send.

/** Text PostgreSQL cannot store (NUL, lone surrogates) and text that is only unusual. */
export const nastyText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFF',
    '\uDC00\uD800',
    '\u202Eevil.pdf',
    'zero\u200Bwidth',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '👩🏽‍⚖️',
    'Z̸̢̛a̷l̵g̷o̶',
    '\'; DROP TABLE "User"; --',
    '%00',
    '%ZZ',
    '%E0%A4%A',
    '../../etc/passwd',
    '$Q1',
    '$@1',
    '$nabc',
    '$$',
    '<script>alert(1)</script>',
    '{{constructor.constructor("x")()}}',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    'NaN',
    ' ',
    '',
    '\r\n\r\nX-Injected: 1',
    'RS-2026-0005',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, lone surrogates and NUL included
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 40_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 2_000 }).map((n) => '😀é'.repeat(n)),
);

/** Dates that do not exist, are out of range, or are not dates. */
export const impossibleDate = fc.oneof(
  fc.record(
    {
      precision: fc.constantFrom('DAY', 'MONTH', 'YEAR', 'APPROXIMATE', 'DECADE', ''),
      year: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1899, 2201, 1e9, 2021.5, '2021', 'MMXXI')),
      month: fc.oneof(fc.integer({ min: -1, max: 14 }), fc.constant('02')),
      day: fc.oneof(fc.integer({ min: -1, max: 32 }), fc.constant(29)),
    },
    { requiredKeys: [], noNullPrototype: true },
  ),
  fc.constantFrom(
    '2021-02-30',
    '2021-13-01',
    '0000-00-00',
    '2021-02-29T25:61:00Z',
    '-000001-01-01',
    '+275760-09-13',
    'yesterday',
    '31/02/2021',
  ),
  fc.date({ noInvalidDate: false }),
);

export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308),
);

/** Deep or wide nesting; Maps and Sets make the page's encoder switch to a multipart body. */
export const nestedJunk = fc.oneof(
  fc.anything({ maxDepth: 4, withDate: true, withBigInt: true, withMap: true, withSet: true, withSparseArray: true }),
  fc.integer({ min: 20, max: 200 }).map((depth) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.array(fc.constant('x'), { minLength: 1_000, maxLength: 5_000 }),
);

export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyText },
  { weight: 2, arbitrary: impossibleDate },
  { weight: 2, arbitrary: wrongType },
  { weight: 1, arbitrary: nestedJunk },
);

/**
 * Percent-encoded text at most `max` characters long, the text shortened until it fits: a character takes up to
 * 9 once encoded (U+FFFD is %EF%BF%BD), so 300 characters could take 2,700, and six such query parts made an
 * address over 16 KB (CI, 3 Dec 2026: the server's 431 and closed connection reported as "fetch failed").
 */
function encodedWithin(text: string, max: number): string {
  let t = text;
  let encoded = encodeURIComponent(t);
  while (encoded.length > max) {
    t = t.slice(0, Math.floor(t.length * 0.8));
    encoded = encodeURIComponent(t);
  }
  return encoded;
}

/**
 * A path segment or query value as it would appear in an address: percent-encoded text (any of
 * the above), or raw sequences that are not valid percent-encoding or UTF-8. At most ~1,000
 * characters, so that an address and its headers stay under Node's 16 KB limit (over it, the
 * server answers 431 and closes the connection, which says nothing about the app).
 */
export const addressPart = fc.oneof(
  {
    weight: 3,
    arbitrary: nastyText.map((s) => encodedWithin(s.slice(0, 300).replace(/[\uD800-\uDFFF]/g, '\uFFFD'), 1_000)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%',
      '%E0%A4%A',
      '%ZZ',
      '%00',
      '%C0%AF',
      '%ED%A0%80',
      '%FF%FE',
      '..',
      '.',
      '%2e%2e',
      '%2F',
      '~',
      ';x=1',
      'a%',
      '%%',
      '%u0041',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((s) => s.replace(/[#?/\\]/g, '')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000 }).map((n) => 'a'.repeat(n)) },
);

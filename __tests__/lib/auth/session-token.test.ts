import { decode, encode } from 'next-auth/jwt';
import { openSessionToken, openedTokenCount, TOKEN_MEMO_SIZE } from '@/lib/auth/session-token';

// next-auth's own decode(), counted: whether a cookie was opened again or answered from the memo.
jest.mock('next-auth/jwt', () => {
  const actual = jest.requireActual('next-auth/jwt');
  return { ...actual, decode: jest.fn(actual.decode) };
});
const decodes = () => (decode as jest.Mock).mock.calls.length;

// The session cookie is opened once per process and kept until its own expiry. What matters: a kept cookie
// answers exactly what decode() answered, a cookie that does not open is never kept, nothing outlives the
// expiry inside the token, and a key change is not answered from what another key opened.
const SECRET = 'session-token-test-secret-session-token-test-secret';
const OTHER = 'another-secret-another-secret-another-secret-0123';
const claims = { sub: 'u1', sid: 's'.repeat(43), sv: 1 };
const SEC = 1000;

const token = (maxAge: number, secret = SECRET, extra: Record<string, unknown> = {}) =>
  encode({ token: { ...claims, ...extra }, secret, maxAge });

describe('openSessionToken', () => {
  it("answers the cookie's claims, the same from the memo as from next-auth's decode", async () => {
    const raw = await token(3600);
    const first = await openSessionToken(raw, SECRET);
    expect(first).toMatchObject(claims);
    expect(typeof first!.exp).toBe('number');
    const opened = decodes();
    expect(await openSessionToken(raw, SECRET)).toEqual(first);
    expect(decodes()).toBe(opened); // served from the memo
  });

  it('never serves a kept cookie after the expiry written in it', async () => {
    const raw = await token(60);
    const { exp } = (await openSessionToken(raw, SECRET))!;
    const opened = decodes();
    expect(await openSessionToken(raw, SECRET, (exp as number) * SEC - 1)).toMatchObject(claims);
    expect(decodes()).toBe(opened);
    // At the expiry the memo drops it and decode() is asked again (which refuses an expired token, below).
    const expired = await token(-60);
    expect(await openSessionToken(expired, SECRET)).toBeNull();
    const before = decodes();
    expect(await openSessionToken(raw, SECRET, (exp as number) * SEC)).toMatchObject(claims); // decode: still valid now
    expect(decodes()).toBe(before + 1);
  });

  it('refuses a cookie under another key, tampered or malformed, and keeps none of them', async () => {
    const raw = await token(3600);
    expect(await openSessionToken(raw, SECRET)).toMatchObject(claims);
    // Kept under SECRET: asked with another key, it is opened again with that key, which fails.
    expect(await openSessionToken(raw, OTHER)).toBeNull();
    const before = openedTokenCount();
    const tampered = raw.slice(0, -4) + (raw.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const bad of [tampered, 'x', '', raw + '.', await token(3600, OTHER)])
      expect(await openSessionToken(bad, SECRET)).toBeNull();
    expect(openedTokenCount()).toBeLessThanOrEqual(before);
  });

  it(`keeps at most ${TOKEN_MEMO_SIZE} cookies, the least recently used dropped first`, async () => {
    const first = await token(3600, SECRET, { n: -1 });
    await openSessionToken(first, SECRET);
    const many = await Promise.all(Array.from({ length: TOKEN_MEMO_SIZE + 10 }, (_, n) => token(3600, SECRET, { n })));
    for (const [i, raw] of many.entries()) {
      await openSessionToken(raw, SECRET);
      if (i % 100 === 0) await openSessionToken(first, SECRET); // used again: stays
    }
    expect(openedTokenCount()).toBe(TOKEN_MEMO_SIZE);
    const opened = decodes();
    expect(await openSessionToken(first, SECRET)).toMatchObject({ n: -1 });
    expect(decodes()).toBe(opened); // still kept
    expect(await openSessionToken(many[0]!, SECRET)).toMatchObject({ n: 0 });
    expect(decodes()).toBe(opened + 1); // dropped, opened again
  });
});

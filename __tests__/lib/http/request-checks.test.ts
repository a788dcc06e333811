import fc from 'fast-check';
import { isReadableAddress } from '@/lib/http/address';
import { isForeignOrigin } from '@/lib/http/origin';
import { MAX_PAGE, parsePageNumber } from '@/lib/http/page-number';
import { precheckRequest } from '@/lib/http/precheck';
import { decodeHeaderText, routeInput } from '@/lib/http/request-input';
import { ACTION_BODY_LIMIT, checkServerActionRequest } from '@/lib/http/server-action-request';
import { InvalidError, NotFoundError } from '@/lib/errors';
import { getEnv } from '@/lib/env';

// The request checks route handlers and proxy.ts use before anything reaches Next's decoders or
// the database: page numbers, addresses, server-action bodies, origins, route input.

describe('parsePageNumber', () => {
  test.each([
    [undefined, 1],
    ['', 1],
    ['3', 3],
    [' 7 ', 7],
    ['0', 1],
    ['-1', 1],
    ['2.5', 1],
    ['1e20', 1],
    ['0x10', 1],
    ['abc', 1],
    [['2', '3'], 1],
    ['99999999', MAX_PAGE],
    ['999999999999', 1],
  ])('%j → %d', (raw, page) => {
    expect(parsePageNumber(raw as string | undefined)).toBe(page);
  });

  test('property: always a whole number from 1 to the maximum', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String)), (raw) => {
        const page = parsePageNumber(raw);
        expect(Number.isSafeInteger(page) && page >= 1 && page <= MAX_PAGE).toBe(true);
      }),
    );
  });
});

describe('isReadableAddress', () => {
  test.each([
    ['/cases/RS-2026-0005?tab=activity', true],
    ['/cases/Sio%C3%B0h%C3%A1n?q=%E2%9C%93', true],
    ['/cases?q=%ED%A0%80', true], // the query decodes to U+FFFD, which can be stored
    ['/cases/%E0%A4%A', false],
    ['/api/evidence/%ZZ/download', false],
    ['/cases/%ED%A0%80', false], // a surrogate encoded as UTF-8 does not decode
    ['/cases/%00', false],
    ['/cases?q=%00', false],
    ['/cases?%00=x', false],
  ])('%s → %s', (path, readable) => {
    expect(isReadableAddress(new URL(path, 'http://localhost'))).toBe(readable);
  });
});

describe('server-action requests (checked in proxy.ts before Next decodes them)', () => {
  const app = new URL(getEnv().APP_URL);
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request(new URL('/account', app), {
      method: 'POST',
      body,
      headers: { 'next-action': '7f00', 'content-type': 'text/plain;charset=UTF-8', host: app.host, ...headers },
    });

  test.each([
    [
      'the page’s own encoding',
      '[{"enabled":true,"note":"$$cost","when":"$D2025-01-01T00:00:00.000Z","n":"$n12","u":"$undefined"}]',
      null,
    ],
    ['not JSON', '{{{', 400],
    ['not an array of arguments', '{"enabled":true}', 400],
    ['a reference to a part a text body does not have', '["$Q1"]', 400],
    ['a promise reference', '[{"a":"$@1"}]', 400],
    ['a BigInt that is not a number', '["$nxyz"]', 400],
    ['a BigInt React refuses as too large', `["$n${'9'.repeat(300)}"]`, 400],
    ['nesting no form has', `${'['.repeat(40)}${']'.repeat(40)}`, 400],
  ])('%s', async (_name, body, status) => {
    expect((await checkServerActionRequest(post(body), app.origin))?.status ?? null).toBe(status);
  });

  test('a body over the limit is 413, whether or not it says its length', async () => {
    const big = `["${'a'.repeat(ACTION_BODY_LIMIT)}"]`;
    expect((await checkServerActionRequest(post(big), app.origin))?.status).toBe(413);
    const stream = new ReadableStream({
      start: (c) => {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = new Request(new URL('/account', app), {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'next-action': '7f00', 'content-type': 'text/plain', host: app.host },
    } as RequestInit);
    expect((await checkServerActionRequest(chunked, app.origin))?.status).toBe(413);
  });

  test('multipart is refused: no action here takes FormData', async () => {
    expect(
      (
        await checkServerActionRequest(
          post('garbage', { 'content-type': 'multipart/form-data; boundary=x' }),
          app.origin,
        )
      )?.status,
    ).toBe(415);
  });

  test('another origin, including the same host on another port, is 403', async () => {
    for (const origin of [
      'https://evil.example',
      `${app.protocol}//${app.hostname}:${Number(app.port || 80) + 1}`,
      'null',
    ]) {
      expect((await checkServerActionRequest(post('[{}]', { origin }), app.origin))?.status).toBe(403);
    }
    expect(await checkServerActionRequest(post('[{}]', { origin: app.origin }), app.origin)).toBeNull();
  });

  test('precheckRequest answers in the caller’s terms: a page gets HTML, an API address JSON', async () => {
    const page = await precheckRequest(new Request(new URL('/cases/%E0%A4%A', app)), app.origin);
    expect(page?.status).toBe(400);
    expect(page?.headers.get('content-type')).toMatch(/text\/html/);
    const api = await precheckRequest(new Request(new URL('/api/evidence/%ZZ/download', app)), app.origin);
    expect(api?.status).toBe(400);
    expect(await api?.json()).toMatchObject({ ok: false, code: 'invalid' });
    expect(await precheckRequest(new Request(new URL('/cases/RS-2026-0001?tab=activity', app)), app.origin)).toBeNull();
    expect((await precheckRequest(post('{{{'), app.origin))?.status).toBe(400);
  });

  test('a multipart form POST is 415 anywhere but the evidence upload (Next would try to read it as a form action: a 500 when it does not parse)', async () => {
    const form = (p: string) =>
      new Request(new URL(p, app), {
        method: 'POST',
        body: 'garbage',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      });
    for (const p of [
      '/cases',
      '/no-such-page',
      '/api/no-such-route',
      '/api/cases/RS-2026-0005/evidence/x',
      '/api/cases/RS-2026-0005/evidence-x',
      '/cases/RS-2026-0005/evidence',
    ])
      expect((await precheckRequest(form(p), app.origin))?.status).toBe(415);
    // The evidence upload reads a group of files itself (lib/evidence/multipart.ts, 422 when it does not parse).
    expect(await precheckRequest(form('/api/cases/RS-2026-0005/evidence'), app.origin)).toBeNull();
    // A saved web page is multipart/related: the evidence upload takes it as it is.
    const mhtml = new Request(new URL('/api/cases/RS-2026-0005/evidence', app), {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/related' },
    });
    expect(await precheckRequest(mhtml, app.origin)).toBeNull();
  });
});

describe('isForeignOrigin', () => {
  const app = 'https://reinstate.example';
  const at = (url: string, headers: Record<string, string>) => new Request(url, { method: 'POST', headers });
  test('own origins pass: APP_URL, the address of the request, the Host it was sent to', () => {
    expect(isForeignOrigin(at('http://test/x', {}), app)).toBe(false); // no Origin: not sent by a page
    expect(isForeignOrigin(at('http://test/x', { origin: app }), app)).toBe(false);
    expect(isForeignOrigin(at('http://test/x', { origin: 'http://test' }), app)).toBe(false);
    expect(
      isForeignOrigin(
        at('http://localhost:3000/x', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }),
        undefined,
      ),
    ).toBe(false);
  });
  test('other origins do not: another host, another port, an opaque origin', () => {
    expect(isForeignOrigin(at('http://test/x', { origin: 'http://test:8080' }), app)).toBe(true);
    expect(isForeignOrigin(at('http://test/x', { origin: 'http://evil.example' }), app)).toBe(true);
    expect(isForeignOrigin(at('http://test/x', { origin: 'null' }), app)).toBe(true);
    expect(isForeignOrigin(at('http://test/x', { origin: 'http://test:8080', host: 'test' }), undefined)).toBe(true);
    expect(isForeignOrigin(at('http://test/x', { origin: 'https://reinstate.example:8443' }), app)).toBe(true);
  });
});

describe('route input', () => {
  const params = <T>(p: T) => Promise.resolve(p);
  test('a path parameter holding NUL names nothing: 404', async () => {
    await expect(
      routeInput(new Request('http://test/api/bundles/x'), params({ id: 'abc\u0000' })),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      routeInput(new Request('http://test/api/x'), params({ rest: ['a', 'b\u0000'] })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
  test('a query value holding NUL is a field error on that parameter', async () => {
    const err = await routeInput(new Request('http://test/api/x?format=%00'), params({ id: 'abc' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).fieldErrors).toEqual({ format: expect.stringMatching(/cannot store/) });
  });
  test('good input comes back with the query', async () => {
    const out = await routeInput(new Request('http://test/api/x?a=1'), params({ id: 'abc' }));
    expect(out.id).toBe('abc');
    expect(out.query.get('a')).toBe('1');
  });
  test('a percent-encoded header: decoded, or a field error when broken or unstorable', () => {
    expect(decodeHeaderText(encodeURIComponent('Brief für Siobhán.pdf'), 'file', 'The file name')).toBe(
      'Brief für Siobhán.pdf',
    );
    expect(() => decodeHeaderText('%E0%A4%A', 'file', 'The file name')).toThrow(InvalidError);
    expect(() => decodeHeaderText('a%00b.pdf', 'file', 'The file name')).toThrow(/cannot store/);
  });
});

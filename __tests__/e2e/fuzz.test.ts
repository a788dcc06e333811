import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { schemaOfAction } from '@/lib/action';
import { DEMO, ref } from './support/browser';
import { addressPart, junk, nastyText } from './support/fuzz-values';
import { startPrivateServer, type PrivateServer } from './support/private-server';
import { arbitraryFor, type Bounds, type Leaves } from './support/zod-arbitrary';

// Bad input and requests from elsewhere, against the production build over HTTP: every server
// action (found in the build's manifest, called as the page calls it, with inputs made from its own
// zod schema plus junk, and with bodies a page never sends) and every page and route handler (random
// path segments, query strings, methods, headers and bodies), as each role. No answer may be a 5xx,
// an action result with code "server", or carry a stack trace or SQL. Runs on a private copy of
// the app with its own database, because it changes data at random.
//
// FUZZ_RUNS: inputs per target and role (default 20: about 11,800 in all over the 147 targets of
// 2 Dec 2026; issue 9 asks for at least 10,000, which the last test holds). FUZZ_SEED: repeat a run.
// FUZZ_ONLY: a regular expression; only targets whose name matches (e.g. "updateEventAction|/cases").

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const MIN_INPUTS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 6);
const ONLY = new RegExp(process.env.FUZZ_ONLY ?? '');
const ROOT = path.resolve(__dirname, '../..');
// Every route is fuzzed (the sign-in routes' two 500s were fixed with the sign-in work).
const EXCLUDED_ROUTES: string[] = [];

type Role = 'anonymous' | 'member' | 'caseworker' | 'coordinator';
const ROLES: Role[] = ['anonymous', 'member', 'caseworker', 'coordinator'];
const ACCOUNTS = { member: DEMO.member, caseworker: DEMO.caseworker, coordinator: DEMO.coordinator };
type Action = { id: string; key: string; name: string; page: string };
type Sent = {
  target: string;
  role: Role;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: BodyInit;
};

// Stack frames, source paths and database text: none of it may reach a person.
const LEAK =
  /\bat (?:async )?[\w$.<>]+ \([^)]*:\d+:\d+\)|\.tsx?:\d+:\d+|node_modules[\\/]|PrismaClient|Invalid `prisma\.|\bSELECT\b[^"]{0,200}\bFROM\b|\bINSERT INTO\b|invalid byte sequence|DriverAdapterError|ZodError|\b(?:Type|Range|Syntax|Reference)Error:/;
const TEXT = /^(text\/|application\/json)/;

let server: PrivateServer;
const cookies: Partial<Record<Role, string>> = {};
let ids: string[] = [];
let actions: Action[] = [];
const schemas = new Map<string, unknown>();
const tally = new Map<string, { inputs: number; serverErrors: number; ms: number }>();
const failures: string[] = [];
const reached = new Map<string, Map<string, number>>(); // action id → result code → count
const notes: string[] = [];

// ------------------------------------------------------------------ setup

/**
 * A request on a kept-alive connection that the server closed while this process was busy fails with "fetch
 * failed" before any answer. Loading every action's schema (beforeAll) blocks this process's event loop for
 * seconds, longer than the server keeps an idle connection when CI runs other suites beside this one, and
 * the next request goes out on a connection already closed at the other end: CI met that twice on 2 Dec
 * 2026, at the first requests after the schemas. Such a request is tried again, up to three more times: each failed
 * try takes one closed connection out of the pool, and the eight requests sent at once after the schemas can meet
 * as many (on 6 Dec 2026 one more try was not enough for one of them). A server that fails or stops answering
 * fails every try, and is reported.
 */
let retried = 0;
async function onceMoreIfDropped(request: () => Promise<Response>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      // Not `instanceof TypeError`: fetch's errors come from Node's realm, not from this test's (jest's VM context).
      if ((err as { message?: unknown })?.message !== 'fetch failed' || attempt > 3) throw err;
      retried += 1;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A session cookie from next-auth's credentials endpoint of the private server. */
async function signIn(who: { email: string; password: string }): Promise<string> {
  const csrfRes = await onceMoreIfDropped(() => fetch(`${server.baseUrl}/api/auth/csrf`));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`Sign-in failed for ${who.email}`);
  return session;
}

/** Every server action in the production build, with a page that carries it. */
function actionsInBuild(): Action[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => ({
    id,
    key: `${a.filename}#${a.exportedName}`,
    name: a.exportedName,
    page: pageUrl(Object.keys(a.workers)[0]!),
  }));
}

/** 'app/(app)/cases/[reference]/page' → '/cases/RS-…-0005' */
function pageUrl(worker: string): string {
  const segments = worker
    .split('/')
    .slice(1, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.map((s) => (s === '[reference]' ? ref(5) : s.startsWith('[') ? 'fuzz' : s)).join('/')}`;
}

/** Every module with 'use server', imported here for the schemas its actions validate with. */
async function loadSchemas(): Promise<void> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'generated') walk(full);
      else if (/\.tsx?$/.test(e.name) && /^\s*['"]use server['"]/.test(fs.readFileSync(full, 'utf8'))) files.push(full);
    }
  };
  walk(path.join(ROOT, 'lib'));
  walk(path.join(ROOT, 'app'));
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      const schema = schemaOfAction(fn);
      if (schema) schemas.set(`${path.relative(ROOT, file)}#${name}`, schema);
    }
  }
}

/** Ids a signed-in person can see (cases, events, evidence, deadlines…), minus people's ids: the
 * fuzz must not disable or demote the accounts it signs in with. */
async function collectIds(): Promise<string[]> {
  const cuid = /c[a-z0-9]{24}/g;
  const get = (role: Role, url: string) =>
    onceMoreIfDropped(() => fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookies[role]! } })).then((r) =>
      r.text(),
    );
  const tabs = ['', '?tab=evidence', '?tab=letters', '?tab=bundle', '?tab=review', '?tab=details'];
  const pages = await Promise.all([
    ...tabs.map((t) => get('coordinator', `/cases/${ref(5)}${t}`)),
    get('coordinator', '/reviews'),
    get('member', '/deadlines'),
  ]);
  const people = new Set((await get('coordinator', '/team')).match(cuid) ?? []);
  return [...new Set(pages.flatMap((p) => p.match(cuid) ?? []))].filter((id) => !people.has(id));
}

// React's encoder warns (console.error) for every generated object with an own "__proto__" key; the
// input is sent anyway, as it should be. Those warnings would be thousands of lines of CI log.
const consoleError = console.error;
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (
      typeof args[0] === 'string' &&
      args[0].startsWith('Expected not to serialize an object with own property `__proto__`')
    )
      return;
    consoleError(...args);
  });
});

beforeAll(async () => {
  const started = Date.now();
  server = await startPrivateServer();
  notes.push(`Private server ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  for (const role of ROLES) if (role !== 'anonymous') cookies[role] = await signIn(ACCOUNTS[role]);
  actions = actionsInBuild();
  await loadSchemas();
  ids = await collectIds();
}, 8 * 60_000);

afterAll(async () => {
  await server?.stop();
  const rows = [...tally].map(
    ([target, t]) =>
      `${target.padEnd(48)} ${String(t.inputs).padStart(6)} ${String(t.serverErrors).padStart(4)} ${(t.ms / 1000).toFixed(1).padStart(9)} s`,
  );
  const total = [...tally.values()].reduce(
    (s, t) => ({ inputs: s.inputs + t.inputs, serverErrors: s.serverErrors + t.serverErrors, ms: s.ms + t.ms }),
    { inputs: 0, serverErrors: 0, ms: 0 },
  );
  console.log(
    [
      `Fuzz (seed ${SEED}, ${RUNS} inputs per target and role): ${total.inputs} inputs, ${total.serverErrors} answered 5xx or "server".`,
      `${'target'.padEnd(48)} inputs  5xx  Σ latency`,
      ...rows,
      ...notes,
      `Sessions ended by fuzzed calls: ${[...signIns].map(([what, n]) => `${what} ${n}×`).join(', ') || 'none'}.`,
      ...(failures.length ? ['First failures:', ...failures.slice(0, 10)] : []),
    ].join('\n'),
  );
});

// ------------------------------------------------------------------ sending and judging

async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

let relogin: Promise<void> | null = null;
const signIns = new Map<string, number>();
/** A role whose session was ended by its own fuzzed input (sign out everywhere) signs in again. */
function signInAgain(role: Role): Promise<void> {
  if (role === 'anonymous') return Promise.resolve();
  const count = (what: string) => void signIns.set(what, (signIns.get(what) ?? 0) + 1);
  const again =
    relogin ??
    signIn(ACCOUNTS[role])
      .then(
        (c) => {
          cookies[role] = c;
          count(`${role} signed in again`);
        },
        () => count(`${role} could not sign in again`),
      )
      .finally(() => {
        relogin = null;
      });
  relogin = again;
  return again;
}

const show = (s: Sent) =>
  JSON.stringify({
    role: s.role,
    method: s.method,
    url: s.url.slice(0, 300),
    headers: s.headers,
    body: typeof s.body === 'string' ? s.body.slice(0, 500) : s.body ? '(form)' : undefined,
  });

/** Sends one input and judges the answer; returns the answer's text (when text). */
async function send(s: Sent): Promise<{ status: number; text: string }> {
  const started = Date.now();
  const t = tally.get(s.target) ?? { inputs: 0, serverErrors: 0, ms: 0 };
  tally.set(s.target, t);
  t.inputs++;
  let status = 0;
  let text = '';
  try {
    const request = () =>
      fetch(`${server.baseUrl}${s.url}`, {
        method: s.method,
        redirect: 'manual',
        body: s.body,
        headers: { ...s.headers, ...(cookies[s.role] ? { cookie: cookies[s.role]! } : {}) },
      });
    const res = await onceMoreIfDropped(request);
    status = res.status;
    if (
      TEXT.test(res.headers.get('content-type') ?? '') ||
      res.headers.get('content-type')?.startsWith('text/x-component')
    )
      text = await res.text();
    else await res.body?.cancel();
  } catch (err) {
    failures.push(`${s.target}: request failed (${err instanceof Error ? err.message : err}) ${show(s)}`);
  }
  // A 5xx; an action's result saying "server" (an unexpected error, logged); an error row in a
  // streamed page with a numeric digest ('1a:E{"digest":"2841"}': an error thrown while rendering).
  // notFound() and redirect() travel as error rows too, with named digests: those are answers.
  const serverError =
    status >= 500 ? /^/.exec(text) : (/"code":"server"/.exec(text) ?? /^[0-9a-f]+:E\{"digest":"\d+"/m.exec(text));
  if (serverError) {
    t.serverErrors++;
    const at = serverError.index;
    failures.push(
      `${s.target}: ${status} …${text.slice(Math.max(0, at - 100), at + 200).replace(/\s+/g, ' ')}… ← ${show(s)}`,
    );
  }
  const leak = LEAK.exec(text);
  if (leak) failures.push(`${s.target}: the answer shows "${leak[0]}" ← ${show(s)}`);
  t.ms += Date.now() - started;
  return { status, text };
}

// ------------------------------------------------------------------ server actions

type ReactClient = { encodeReply: (value: unknown) => Promise<string | FormData> };
// The page's own encoder (React's), so well-formed calls are byte for byte what a browser sends.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node') as ReactClient;

const isoDay = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/**
 * Text for a field: ids the caller can see, the field's own format, plausible and long text — and
 * often one of those with a character the database cannot store put in somewhere, with every other
 * field well-formed, so that it would reach a query if nothing stopped it.
 */
function text(key: string, b: Bounds): fc.Arbitrary<string> {
  const min = b.min ?? 0;
  const max = Math.max(min, Math.min(b.max ?? 200, 5_000));
  const plausible = fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(max, 60)) });
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 3, arbitrary: plausible },
    { weight: 1, arbitrary: fc.constantFrom('é'.repeat(max), 'a'.repeat(max), '😀'.repeat(Math.floor(max / 2))) },
  ];
  if (/id$/i.test(key) && ids.length) options.push({ weight: 8, arbitrary: fc.constantFrom(...ids) });
  if (b.format === 'email' || /email/i.test(key)) options.push({ weight: 6, arbitrary: fc.emailAddress() });
  if (b.format === 'url' || /url/i.test(key)) options.push({ weight: 4, arbitrary: fc.webUrl() });
  if (/password/i.test(key)) options.push({ weight: 8, arbitrary: fc.constant('correct horse battery staple 7') });
  if (/date|On$/.test(key))
    options.push(
      { weight: 6, arbitrary: isoDay },
      { weight: 2, arbitrary: fc.constantFrom('2021-02-30', '2021-13-01', '0000-00-00') },
    );
  if (b.pattern) {
    try {
      options.push({ weight: 4, arbitrary: fc.stringMatching(b.pattern, { size: 'small' }) });
    } catch {
      /* a pattern fast-check cannot generate from: the other options stand */
    }
  }
  const good = fc.oneof(...options);
  const spoiled = fc
    .tuple(good, fc.constantFrom('\u0000', '\uD800', '\uDFFF'), fc.nat())
    .map(([t, bad, at]) => t.slice(0, at % (t.length + 1)) + bad + t.slice(at % (t.length + 1)));
  return fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: spoiled });
}

type ActionInput = { kind: string; args?: unknown[]; body?: string; type?: string; origin?: string };

/** Malformed calls: bodies a page never sends, wrong content types, another origin. */
const malformedCall: fc.Arbitrary<ActionInput> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ kind: 'garbage body', body })),
  fc
    .constantFrom(
      '["$Q1"]',
      '[{"a":"$@1"}]',
      '["$nxyz"]',
      `["$n${'9'.repeat(400)}"]`,
      '"x"',
      '{{{',
      '[',
      '',
      `${'['.repeat(60)}${']'.repeat(60)}`,
      '[{"__proto__":{"x":1}}]',
      '[{"constructor":{"prototype":{}}}]',
    )
    .map((body) => ({ kind: 'malformed reply', body })),
  fc
    .constantFrom(
      'multipart/form-data; boundary=x',
      'application/json',
      'application/x-www-form-urlencoded',
      'text/html',
      'text/plain; charset=utf-16',
    )
    .map((type) => ({
      kind: 'wrong content type',
      body: '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{}]\r\n--x--',
      type,
    })),
  fc
    .constantFrom('https://evil.example', 'http://localhost:1', 'null')
    .map((origin) => ({ kind: 'foreign origin', args: [{}], origin })),
);

/** For an action whose schema is not known: an empty object (what an action without fields takes), objects of junk. */
const schemaless = fc.oneof(
  fc.constant({}),
  fc.dictionary(fc.constantFrom('code', 'ticket', 'id', 'userId', 'token', 'name', 'email', 'x'), junk, {
    maxKeys: 3,
    noNullPrototype: true,
  }),
);

function actionInput(schema: unknown): fc.Arbitrary<ActionInput> {
  const leaves = (junkWeight: number): Leaves => ({ text, junk, junkWeight });
  if (schema === undefined) {
    return fc.oneof(
      { weight: 6, arbitrary: schemaless.map((v) => ({ kind: 'schemaless', args: [v] })) },
      { weight: 2, arbitrary: fc.array(junk, { maxLength: 3 }).map((args) => ({ kind: 'junk arguments', args })) },
      { weight: 1, arbitrary: malformedCall },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: arbitraryFor(schema, leaves(0)).map((v) => ({ kind: 'well-formed', args: [v] })) },
    { weight: 5, arbitrary: arbitraryFor(schema, leaves(1)).map((v) => ({ kind: 'junk in the fields', args: [v] })) },
    { weight: 1, arbitrary: fc.array(junk, { maxLength: 3 }).map((args) => ({ kind: 'junk arguments', args })) },
    { weight: 1, arbitrary: malformedCall },
  );
}

/** As the page encodes it; what the page's encoder refuses to send is sent as plain JSON instead. */
async function encode(args: unknown[]): Promise<string | FormData> {
  try {
    return await encodeReply(args);
  } catch {
    return JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '[]';
  }
}

async function callAction(action: Action, role: Role, input: ActionInput): Promise<void> {
  const encoded = input.args ? await encode(input.args) : (input.body ?? '');
  const headers: Record<string, string> = {
    accept: 'text/x-component',
    'next-action': action.id,
    origin: input.origin ?? server.baseUrl,
  };
  if (typeof encoded === 'string') headers['content-type'] = input.type ?? 'text/plain;charset=UTF-8';
  const { text: answer } = await send({
    target: `action ${action.name}`,
    role,
    method: 'POST',
    url: action.page,
    headers,
    body: encoded,
  });
  const code = /^1:\{"ok":(true)|^1:\{"ok":false,"code":"(\w+)"/m.exec(answer);
  if (code) {
    const byCode = reached.get(action.id) ?? new Map<string, number>();
    reached.set(action.id, byCode);
    const c = code[1] ? 'ok' : code[2]!;
    byCode.set(c, (byCode.get(c) ?? 0) + 1);
    if (c === 'unauthenticated' && role !== 'anonymous') await signInAgain(role);
  }
}

test('every server action in the build validates with a schema the suite can generate input from', () => {
  expect(actions.length).toBeGreaterThan(0);
  // A new action made without authedAction/publicAction and without registerActionSchema() is
  // still fuzzed below, but only with junk, never with input shaped like its fields: it fails here.
  expect(actions.filter((a) => !schemas.has(a.key)).map((a) => a.key)).toEqual([]);
});

test(
  'server actions: well-formed, junk and malformed calls as every role, never a 5xx or a leak',
  async () => {
    // Signing out everywhere ends the caller's own sessions: those calls go last.
    const ordered = [...actions].sort(
      (a, b) => Number(a.name === 'signOutEverywhereAction') - Number(b.name === 'signOutEverywhereAction'),
    );
    const before = failures.length;
    const started = Date.now();
    for (const [n, action] of ordered.entries()) {
      if (!ONLY.test(action.name)) continue;
      const inputs = fc.sample(actionInput(schemas.get(action.key)), { numRuns: RUNS * ROLES.length, seed: SEED + n });
      await inPool(
        inputs.map((input, i) => ({ input, role: ROLES[i % ROLES.length]! })),
        ({ input, role }) => callAction(action, role, input),
      );
    }
    notes.push(`Server actions: ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    for (const role of ROLES) await signInAgain(role);
    expect(failures.slice(before)).toEqual([]);
  },
  10 * 60_000,
);

test('every server action in the build was reached (its typed result came back)', () => {
  const summary = actions.map(
    (a) =>
      `${a.name}: ${[...(reached.get(a.id) ?? new Map<string, number>())].map(([c, n]) => `${c} ${n}`).join(', ') || 'never reached'}`,
  );
  notes.push('Action results by code:', ...summary.map((s) => `  ${s}`));
  expect(actions.filter((a) => ONLY.test(a.name) && !reached.has(a.id)).map((a) => a.name)).toEqual([]);
});

// ------------------------------------------------------------------ pages and route handlers

/** Route patterns from app/: '/cases/[reference]', '/api/evidence/[id]/download', … */
function routesOnDisk(): string[] {
  const appDir = path.join(ROOT, 'app');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (/^(page|route)\.tsx?$/.test(e.name))
        out.push(
          `/${path
            .relative(appDir, dir)
            .split(path.sep)
            .filter((s) => s && !/^\(.*\)$/.test(s))
            .join('/')}`.replace(/\/$/, '') || '/',
        );
    }
  };
  walk(appDir);
  return out.sort();
}

const QUERY_KEYS = [
  'q',
  'page',
  'tab',
  'stage',
  'outcome',
  'role',
  'reason',
  'sanctionType',
  'branchId',
  'regionId',
  'caseworkerId',
  'within',
  'template',
  'purpose',
  'saved',
  'started',
  'created',
  'callbackUrl',
  'error',
  'format',
  '_rsc',
];
const CONTENT_TYPES = [
  'application/json',
  'application/pdf',
  'image/png',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
];

/** A value for a dynamic segment: a real-looking one (so the handler goes deep) or junk. */
function segment(name: string): fc.Arbitrary<string> {
  const real =
    name === 'reference'
      ? fc.constantFrom(ref(5), ref(1), ref(3), ref(9999))
      : name === 'format'
        ? fc.constantFrom('pdf', 'docx')
        : ids.length
          ? fc.constantFrom(...ids)
          : fc.constant('cnotarealid0000000000000000');
  return fc.oneof({ weight: 2, arbitrary: real }, { weight: 3, arbitrary: addressPart });
}

function request(route: string): fc.Arbitrary<Omit<Sent, 'target' | 'role'>> {
  const parts = route
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\[.*\]$/.test(p) ? segment(p.replace(/[[\].]/g, '')) : fc.constant(p)));
  const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), addressPart), addressPart, { maxKeys: 3 });
  const method = fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
  const body = fc.oneof(
    fc.constant(undefined),
    junk.map((v) => {
      try {
        return JSON.stringify(v) ?? 'null';
      } catch {
        return '{}';
      }
    }),
    fc.uint8Array({ maxLength: 4_096 }).map((b) => Buffer.from(b).toString('latin1')),
    nastyText,
  );
  const headers = fc.record({
    'content-type': fc.constantFrom(...CONTENT_TYPES),
    origin: fc.constantFrom('', '', 'https://evil.example', 'http://localhost:1', 'null'),
    'x-file-name': addressPart,
    accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'text/x-component'),
  });
  return fc
    .record({ parts: fc.tuple(...parts), query, method, body, headers })
    .map(({ parts: p, query: q, method: m, body: b, headers: h }) => {
      const search = Object.entries(q)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      const headers = { ...h, origin: h.origin || server.baseUrl };
      return {
        method: m,
        url: `/${p.join('/')}${search ? `?${search}` : ''}`,
        headers,
        body: m === 'GET' || m === 'HEAD' ? undefined : b,
      };
    });
}

test(
  'pages and route handlers: random segments, queries, methods, headers and bodies as every role',
  async () => {
    const routes = routesOnDisk().filter((r) => !EXCLUDED_ROUTES.includes(r) && ONLY.test(r));
    if (!process.env.FUZZ_ONLY) expect(routes.length).toBeGreaterThan(10);
    const before = failures.length;
    const started = Date.now();
    const sends: Sent[] = routes.flatMap((route, n) =>
      fc
        .sample(request(route), { numRuns: RUNS * ROLES.length, seed: SEED + 1_000 + n })
        .map((r, i) => ({ ...r, target: `route ${route}`, role: ROLES[i % ROLES.length]! })),
    );
    await inPool(sends, async (s) => {
      const { text: answer } = await send(s);
      // A route's 401 to a signed-in role: its session was ended by an earlier fuzzed call.
      if (s.role !== 'anonymous' && /"code":"unauthenticated"/.test(answer)) await signInAgain(s.role);
    });
    notes.push(
      `Pages and route handlers: ${((Date.now() - started) / 1000).toFixed(1)} s; ${retried} request(s) retried after a dropped connection.`,
    );
    expect(failures.slice(before)).toEqual([]);
  },
  10 * 60_000,
);

// ------------------------------------------------------------------ known, outside the app's reach

describe('answered 500 by Next itself before any of the app runs: refused by scripts/serve.ts in front of it', () => {
  // Next strips its navigation headers from the proxy's view and builds each Request with fetch's
  // rules, so neither can be refused inside the app; the front server refuses both with a 4xx.
  test('a Next-Router-State-Tree header that does not parse', async () => {
    const res = await fetch(`${server.baseUrl}/login?_rsc=x`, {
      headers: { rsc: '1', 'next-router-state-tree': 'garbage' },
      redirect: 'follow',
    });
    expect(res.status).toBeLessThan(500);
  });
  test('the TRACE method', async () => {
    const { request: httpRequest } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest(`${server.baseUrl}/api/health`, { method: 'TRACE' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBeLessThan(500);
  });
});

test(`at least ${MIN_INPUTS.toLocaleString('en-GB')} inputs in all, unless FUZZ_RUNS or FUZZ_ONLY asks for fewer`, () => {
  if (process.env.FUZZ_RUNS || process.env.FUZZ_ONLY) return;
  const inputs = [...tally.values()].reduce((sum, t) => sum + t.inputs, 0);
  expect(inputs).toBeGreaterThanOrEqual(MIN_INPUTS);
});

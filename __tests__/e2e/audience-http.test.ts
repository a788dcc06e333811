import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DEMO, ref } from './support/browser';
import { startPrivateServer, type PrivateServer } from './support/private-server';

// The audience invariant over HTTP, against the production build: what a browser actually receives.
// On a private copy of the app (its own database), a caseworker and the member add entries, uploads
// and captured posts to the member's case through the server actions and the upload route, with random
// visibility and marks and provenance notes, build bundles for random readers, then change who may see
// what. After each round every page the member can open — as HTML and as the RSC payload a client
// navigation fetches — and every bundle and file they can download is checked for the marker of
// anything hidden from them. The service-level suite (__tests__/lib/audience/invariant.test.ts) covers
// far more generated cases; this one shows that pages and routes add nothing to what services give.
//
// AUDIENCE_HTTP_RUNS: rounds (default 30).

const RUNS = Number(process.env.AUDIENCE_HTTP_RUNS ?? 30);
const ROOT = path.resolve(__dirname, '../..');
type Who = 'member' | 'caseworker';
type Privacy = { caseworkersOnly: boolean; privileged: boolean; withoutPrejudice: boolean };
type Item = {
  kind: 'event' | 'evidence' | 'capture';
  id: string;
  version: number;
  marker: string;
  provenance?: string;
  filedBy: Who;
  privacy: Privacy;
  fields: Record<string, unknown>;
};

let server: PrivateServer;
const cookies: Partial<Record<Who, string>> = {};
const actions = new Map<string, { id: string; page: string }>();
let caseId = '';
const items: Item[] = [];
const stats = { rounds: 0, pages: 0, files: 0, notFound: 0, hidden: 0 };
const reference = ref(5);

async function signIn(who: { email: string; password: string }): Promise<string> {
  const csrfRes = await fetch(`${server.baseUrl}/api/auth/csrf`);
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

/** A server action called as the page calls it: its id from the build's manifest, its argument as JSON. */
async function call(name: string, args: unknown, who: Who): Promise<Record<string, unknown>> {
  const a = actions.get(name);
  if (!a) throw new Error(`No action ${name} in the build`);
  const res = await fetch(`${server.baseUrl}${a.page}`, {
    method: 'POST',
    headers: {
      'next-action': a.id,
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      origin: server.baseUrl,
      cookie: cookies[who]!,
    },
    body: JSON.stringify([args]),
  });
  const text = await res.text();
  const result = /^1:(\{.*\})$/m.exec(text);
  if (!result) throw new Error(`${name}: no result (${res.status}) ${text.slice(0, 300)}`);
  const parsed = JSON.parse(result[1]!) as { ok: boolean; data?: Record<string, unknown>; error?: string };
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  return parsed.data ?? {};
}

const get = (url: string, who: Who, rsc = false) =>
  fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookies[who]!, ...(rsc ? { rsc: '1' } : {}) } });

function pdfText(bytes: Buffer): string {
  const file = path.join(os.tmpdir(), `audience-http-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const day = (n: number) => ({ precision: 'DAY', year: 2026, month: 1 + (n % 10), day: 1 + (n % 27) });
let counter = 0;

async function addItem(spec: { kind: Item['kind']; privacy: Privacy; by: Who; provenance: boolean }): Promise<void> {
  const n = counter++;
  const marker = `ZQH${n}X${Math.random().toString(36).slice(2, 6)}Z`;
  // A member never marks anything caseworkers only: such an item is a caseworker's.
  const by: Who = spec.privacy.caseworkersOnly ? 'caseworker' : spec.by;
  if (spec.kind === 'event') {
    const fields = { type: 'NOTE', date: day(n), title: `Entry ${marker}`, details: `Details ${marker}` };
    const data = await call('addEventAction', { caseId, ...fields, ...spec.privacy }, by);
    items.push({
      kind: 'event',
      id: data.id as string,
      version: 1,
      marker,
      filedBy: by,
      privacy: spec.privacy,
      fields,
    });
  } else if (spec.kind === 'capture') {
    const data = await call(
      'captureEvidenceAction',
      {
        caseId,
        url: `https://example.org/${marker}`,
        text: `Post ${marker}`,
        seenOn: day(n),
        title: `Post ${marker}`,
        kind: 'SOCIAL_POST',
        ...spec.privacy,
      },
      by,
    );
    items.push({
      kind: 'capture',
      id: data.id as string,
      version: 1,
      marker,
      filedBy: by,
      privacy: spec.privacy,
      fields: {
        title: `Post ${marker}`,
        kind: 'SOCIAL_POST',
        date: day(n),
        sourceUrl: `https://example.org/${marker}`,
      },
    });
  } else {
    const body = Buffer.from(`Exhibit ${marker}\n`);
    const res = await fetch(`${server.baseUrl}/api/cases/${reference}/evidence`, {
      method: 'POST',
      body,
      headers: {
        cookie: cookies[by]!,
        origin: server.baseUrl,
        'content-type': 'text/plain',
        'x-file-name': `exhibit-${marker}.txt`,
        'x-caseworkers-only': spec.privacy.caseworkersOnly ? '1' : '0',
      },
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    const id = ((await res.json()) as { data: { id: string } }).data.id;
    const provenance = spec.provenance ? `ZQP${n}X${Math.random().toString(36).slice(2, 6)}Z` : undefined;
    const fields = {
      title: `Exhibit ${marker}`,
      kind: 'DOCUMENT',
      date: day(n),
      ...(provenance ? { source: `From ${provenance}` } : {}),
    };
    await call('updateEvidenceAction', { evidenceId: id, version: 1, ...fields, ...spec.privacy }, by);
    items.push({ kind: 'evidence', id, version: 2, marker, provenance, filedBy: by, privacy: spec.privacy, fields });
  }
}

async function changePrivacy(item: Item, privacy: Privacy): Promise<void> {
  const name = item.kind === 'event' ? 'updateEventAction' : 'updateEvidenceAction';
  const idField = item.kind === 'event' ? { eventId: item.id } : { evidenceId: item.id };
  await call(name, { ...idField, version: item.version, ...item.fields, ...privacy }, 'caseworker');
  item.version += 1;
  item.privacy = privacy;
}

/** Markers the member may not see now: hidden items, and provenance notes that are not their own. */
function hiddenFromMember(): string[] {
  return items.flatMap((i) => [
    ...(i.privacy.caseworkersOnly ? [i.marker] : []),
    ...(i.provenance && (i.filedBy !== 'member' || i.privacy.caseworkersOnly) ? [i.provenance] : []),
  ]);
}

function assertClean(name: string, text: string, hidden: string[]): void {
  const flat = text.replace(/\s+/g, '');
  const leaked = hidden.find((m) => flat.includes(m));
  if (leaked) throw new Error(`LEAK: ${leaked} in ${name}`);
}

async function checkMember(): Promise<void> {
  const hidden = hiddenFromMember();
  stats.hidden = hidden.length;
  const pages = [
    ...['', '?tab=evidence', '?tab=letters', '?tab=bundle', '?tab=review', '?tab=details', '?tab=activity'].map(
      (t) => `/cases/${reference}${t}`,
    ),
    '/cases',
    '/deadlines',
    `/cases/${reference}/bundle/new?purpose=APPEAL&audience=OUTSIDE`,
    `/cases/${reference}/bundle/new?purpose=APPEAL&audience=MEMBER`,
    `/cases/${reference}/letters/new?template=subject-access-request`,
  ];
  const bodies = await Promise.all(
    pages.flatMap((url) =>
      [false, true].map(async (rsc) => {
        const res = await get(url, 'member', rsc);
        expect([url, rsc, res.status]).toEqual([url, rsc, 200]);
        return { name: `${url}${rsc ? ' (RSC)' : ''}`, text: await res.text() };
      }),
    ),
  );
  for (const b of bodies) assertClean(b.name, b.text, hidden);
  stats.pages += bodies.length;
  // Every file the member is offered: bundles and exhibits.
  const bundleTab = bodies.find((b) => b.name === `/cases/${reference}?tab=bundle`)!.text;
  const evidenceTab = bodies.find((b) => b.name === `/cases/${reference}?tab=evidence`)!.text;
  const links = [
    ...new Set(
      [
        ...bundleTab.matchAll(/\/api\/bundles\/[a-z0-9]+\/download/g),
        ...evidenceTab.matchAll(/\/api\/evidence\/[a-z0-9]+\/download/g),
      ].map((m) => m[0]),
    ),
  ];
  for (const url of links) {
    const res = await get(url, 'member');
    expect([url, res.status]).toEqual([url, 200]);
    const bytes = Buffer.from(await res.arrayBuffer());
    assertClean(url, url.includes('/bundles/') ? pdfText(bytes) : bytes.toString('utf8'), hidden);
    stats.files += 1;
  }
  // Hidden items answer the member like missing ones.
  for (const i of items.filter((x) => x.privacy.caseworkersOnly && x.kind !== 'event')) {
    expect((await get(`/api/evidence/${i.id}/download`, 'member')).status).toBe(404);
    stats.notFound += 1;
  }
}

async function waitForBundles(ids: string[]): Promise<void> {
  for (const id of ids) {
    for (let tries = 0; tries < 120; tries++) {
      const status = (await (await get(`/api/bundles/${id}`, 'caseworker')).json()) as {
        status?: string;
        data?: { status: string };
      };
      const s = status.data?.status ?? status.status;
      if (s === 'READY' || s === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const privacyArb = fc.record({
  caseworkersOnly: fc.boolean(),
  privileged: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  withoutPrejudice: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});
const roundArb = fc.record({
  add: fc.array(
    fc.record({
      kind: fc.constantFrom<Item['kind']>('event', 'evidence', 'capture'),
      privacy: privacyArb,
      by: fc.constantFrom<Who>('member', 'caseworker'),
      provenance: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  bundle: fc.option(
    fc.record({
      by: fc.constantFrom<Who>('member', 'caseworker'),
      audience: fc.constantFrom('OUTSIDE', 'MEMBER', 'STAFF'),
    }),
    { nil: null },
  ),
  changes: fc.array(fc.record({ pick: fc.nat(), privacy: privacyArb }), { maxLength: 2 }),
});

beforeAll(async () => {
  server = await startPrivateServer();
  const manifest = JSON.parse(
    fs.readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
  };
  for (const [id, a] of Object.entries(manifest.node)) {
    // Any page that carries the action will do: the case page carries the case's actions.
    const worker = Object.keys(a.workers).find((w) => w.includes('[reference]/page')) ?? Object.keys(a.workers)[0]!;
    const segments = worker
      .split('/')
      .slice(1, -1)
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => (s === '[reference]' ? reference : s));
    actions.set(a.exportedName, { id, page: `/${segments.join('/')}` });
  }
  cookies.member = await signIn(DEMO.member);
  cookies.caseworker = await signIn(DEMO.caseworker);
  // The case's id, from the RSC payload of its page (the timeline's props carry it).
  caseId =
    /"caseId":"([a-z0-9]+)"/.exec(await (await get(`/cases/${reference}`, 'caseworker', true)).text())?.[1] ?? '';
  expect(caseId).not.toBe('');
}, 10 * 60_000);

afterAll(async () => {
  await server?.stop();
  process.stdout.write(
    `\nAudience over HTTP: ${stats.rounds} rounds, ${items.length} items, ${stats.pages} pages and RSC payloads and ${stats.files} downloads checked as the member, ${stats.notFound} hidden files answered 404; ${stats.hidden} markers hidden from the member at the end; 0 leaks.\n`,
  );
});

test(
  `the member's pages, payloads and downloads never carry what is hidden from them (${RUNS} rounds)`,
  async () => {
    await fc.assert(
      fc.asyncProperty(roundArb, async (round) => {
        for (const spec of round.add) await addItem(spec);
        const started: string[] = [];
        if (round.bundle) {
          const who: Who = round.bundle.audience === 'STAFF' ? 'caseworker' : round.bundle.by;
          const data = await call(
            'startBundleAction',
            {
              caseId,
              purpose: 'APPEAL',
              audience: round.bundle.audience,
              choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [] },
            },
            who,
          );
          started.push(data.id as string);
        }
        await waitForBundles(started);
        for (const change of round.changes) await changePrivacy(items[change.pick % items.length]!, change.privacy);
        await checkMember();
        stats.rounds += 1;
      }),
      { numRuns: RUNS, endOnFailure: true, verbose: 1 },
    );
  },
  30 * 60_000,
);

test('the check can fail: a hidden marker in what the member reads is caught', () => {
  expect(() => assertClean('planted', 'x ZQH1XabcdZ y', ['ZQH1XabcdZ'])).toThrow(/LEAK/);
});

import fs from 'node:fs';
import path from 'node:path';
import { DEMO, baseUrl, ref, sessionCookie } from './support/browser';

// Every page and route handler × every role × own / someone else's / unassigned / missing record.
// Demo data (lib/seed/demo-seed.ts): case 5 is the demo member's, assigned to the demo caseworker;
// case 1 is assigned to another caseworker only; case 3 is unassigned.
type Who = 'anonymous' | 'member' | 'caseworker' | 'coordinator';
type Expect = 200 | 401 | 404 | 405 | 'login' | 'home';
const OWN = ref(5),
  OTHERS = ref(1),
  UNASSIGNED = ref(3),
  MISSING = ref(9999);
const DEMO_GROUP = `GA-${new Date().getUTCFullYear()}-0001`;

const ALL = (e: Expect) => ({ anonymous: e, member: e, caseworker: e, coordinator: e });
const SIGNED_IN = (e: Expect) => ({ anonymous: 'login' as const, member: e, caseworker: e, coordinator: e });

const MATRIX: Record<string, { path: string; expect: Record<Who, Expect> }[]> = {
  '/': [{ path: '/', expect: { anonymous: 200, member: 'home', caseworker: 'home', coordinator: 'home' } }],
  '/login': [{ path: '/login', expect: ALL(200) }],
  '/signup': [{ path: '/signup', expect: ALL(200) }],
  '/invite/[token]': [{ path: '/invite/not-a-real-token-aaaaaaaaaaaaaaaaaaaa', expect: ALL(200) }],
  // Email links: the token is the only credential; a bad one is the same "no longer works" page for everyone.
  '/forgot-password': [{ path: '/forgot-password', expect: ALL(200) }],
  '/reset-password/[token]': [{ path: '/reset-password/not-a-real-token-aaaaaaaaaaaaaaaaaaaa', expect: ALL(200) }],
  '/verify-email/[token]': [{ path: '/verify-email/not-a-real-token-aaaaaaaaaaaaaaaaaaaa', expect: ALL(200) }],
  // Open to every signed-in person (also to one who must set up two-step sign-in first: __tests__/e2e/mfa.test.ts).
  '/account/two-step': [{ path: '/account/two-step', expect: SIGNED_IN(200) }],
  // The bench's static baseline: served only when the bench starts the server with BENCH_STATIC=1.
  '/bench-static': [{ path: '/bench-static', expect: ALL(404) }],
  '/bench-static/dynamic': [{ path: '/bench-static/dynamic', expect: ALL(404) }],
  '/cases': [{ path: '/cases', expect: SIGNED_IN(200) }],
  '/cases/new': [
    { path: '/cases/new', expect: { anonymous: 'login', member: 200, caseworker: 404, coordinator: 404 } },
  ],
  // Issue 10, points 1 and 2: a case opened by staff, claim links, editing details.
  '/cases/new/for-member': [
    { path: '/cases/new/for-member', expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 } },
    {
      path: '/cases/new/for-member?q=Ellison',
      expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 },
    },
    {
      path: '/cases/new/for-member?person=cnotarealpersonid0000000',
      expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 },
    },
  ],
  '/cases/[reference]/edit': [
    { path: `/cases/${OWN}/edit`, expect: SIGNED_IN(200) },
    { path: `/cases/${OTHERS}/edit`, expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
    {
      path: `/cases/${UNASSIGNED}/edit`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: `/cases/${MISSING}/edit`, expect: SIGNED_IN(404) },
  ],
  '/cases/[reference]/claim': [
    { path: `/cases/${OWN}/claim`, expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 } },
    { path: `/cases/${OTHERS}/claim`, expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
    {
      path: `/cases/${UNASSIGNED}/claim`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: `/cases/${MISSING}/claim`, expect: SIGNED_IN(404) },
  ],
  // A claim link's token is its only credential: an unknown one is a 404 for everyone (used, expired and
  // turned-off links say so plainly: __tests__/lib/cases/claim-case.test.ts and the staff-cases journey).
  '/claim/[token]': [
    { path: '/claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', expect: ALL(404) },
    { path: '/claim/not-a-token', expect: ALL(404) },
  ],
  '/account': [{ path: '/account', expect: SIGNED_IN(200) }],
  '/team': [{ path: '/team', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } }],
  // The organisation's settings: coordinators only; everyone else is told the page does not exist.
  '/settings': [{ path: '/settings', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } }],
  // Erasure requests (issue 13, point 3): coordinators only.
  '/erasure': [{ path: '/erasure', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } }],
  // Subject access requests made to the network (issue 13, point 2): coordinators only; a made-up id is 404 for all.
  // Retention of closed cases (issue 13, point 4): coordinators only.
  '/retention': [
    { path: '/retention', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
  ],
  '/access-requests': [
    { path: '/access-requests', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
  ],
  '/access-requests/[id]': [{ path: '/access-requests/cnotarealrequestid0000000', expect: SIGNED_IN(404) }],
  // The released PDF: the coordinator or the person it answers (real ones: __tests__/lib/access-requests).
  '/api/access-requests/[id]/pdf': [
    {
      path: '/api/access-requests/cnotarealrequestid0000000/pdf',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  '/cases/[reference]': [
    { path: `/cases/${OWN}`, expect: SIGNED_IN(200) },
    { path: `/cases/${OTHERS}`, expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
    { path: `/cases/${UNASSIGNED}`, expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
    { path: `/cases/${MISSING}`, expect: SIGNED_IN(404) },
    {
      path: `/cases/${OTHERS}?tab=activity`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: '/cases/..%2F..%2Fetc%2Fpasswd', expect: SIGNED_IN(404) },
  ],
  // Evidence routes answer JSON: 401 for a visitor, 404 for not-yours and not-found alike.
  '/api/evidence/[id]/download': [
    {
      path: '/api/evidence/cnotarealevidenceid000000/download',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  '/api/evidence/[id]/preview': [
    {
      path: '/api/evidence/cnotarealevidenceid000000/preview',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  // Upload is POST only (its record-level rows are in __tests__/lib/evidence/upload-route.test.ts, for one file, and
  // upload-group.test.ts, for a group of files in one request).
  '/api/cases/[reference]/evidence': [{ path: `/api/cases/${OWN}/evidence`, expect: ALL(405) }],
  // The calendar feed's only credential is the secret in the address (no session): every bad token
  // is the same 404 for everyone (valid, revoked and disabled-owner tokens: __tests__/lib/calendar/).
  '/api/calendar/[token]': [
    { path: '/api/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', expect: ALL(404) },
    { path: '/api/calendar/not-a-token', expect: ALL(404) },
  ],
  // Search (issue 12, point 1): open to everyone signed in; what it finds is scoped (the test at the end of this
  // file, and __tests__/lib/search). Bad input is a message next to the box, never an error page.
  '/search': [
    { path: '/search', expect: SIGNED_IN(200) },
    { path: '/search?q=motion', expect: SIGNED_IN(200) },
    { path: `/search?q=${OTHERS}&page=2`, expect: SIGNED_IN(200) },
    { path: `/search?q=x&page=-1`, expect: SIGNED_IN(200) },
    { path: `/search?q=${'long'.repeat(100)}`, expect: SIGNED_IN(200) },
  ],
  '/deadlines': [
    { path: '/deadlines', expect: SIGNED_IN(200) },
    { path: '/deadlines?within=all&caseworkerId=x', expect: SIGNED_IN(200) },
  ],
  '/cases/[reference]/letters/new': [
    { path: `/cases/${OWN}/letters/new`, expect: SIGNED_IN(200) },
    { path: `/cases/${OWN}/letters/new?template=subject-access-request`, expect: SIGNED_IN(200) },
    { path: `/cases/${OWN}/letters/new?template=no-such-letter`, expect: SIGNED_IN(404) },
    {
      path: `/cases/${OTHERS}/letters/new?template=chaser`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    {
      path: `/cases/${UNASSIGNED}/letters/new`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: `/cases/${MISSING}/letters/new`, expect: SIGNED_IN(404) },
    // A saved draft opens only through its own case, for someone who may see it (an unknown id: not found for all).
    { path: `/cases/${OWN}/letters/new?draft=nosuchdraft000000000000`, expect: SIGNED_IN(404) },
    { path: `/cases/${OTHERS}/letters/new?draft=nosuchdraft000000000000`, expect: SIGNED_IN(404) },
  ],
  // Filed letters: a made-up id is 404 for everyone signed in (a real one: __tests__/lib/letters/letter-services.test.ts).
  '/api/letters/[id]/[format]': [
    {
      path: '/api/letters/cnotarealletterid00000000/pdf',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
    {
      path: '/api/letters/cnotarealletterid00000000/html',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  // POST only (the draft as a file, JSON and same-origin): its access rules are tested in letter-services.test.ts.
  '/api/letters/draft': [{ path: '/api/letters/draft', expect: ALL(405) }],
  '/cases/[reference]/bundle/new': [
    { path: `/cases/${OWN}/bundle/new`, expect: SIGNED_IN(200) },
    { path: `/cases/${OWN}/bundle/new?purpose=APPEAL`, expect: SIGNED_IN(200) },
    {
      path: `/cases/${OTHERS}/bundle/new?purpose=APPEAL`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    {
      path: `/cases/${UNASSIGNED}/bundle/new`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: `/cases/${MISSING}/bundle/new?purpose=APPEAL`, expect: SIGNED_IN(404) },
  ],
  '/reviews': [{ path: '/reviews', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } }],
  // Statistics (issue 12, points 2, 3, 5): staff, each over the cases they may open (a caseworker's own, a
  // coordinator's network: __tests__/lib/statistics/get-statistics.test.ts); members are told it does not exist.
  '/statistics': [
    { path: '/statistics', expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 } },
    {
      path: '/statistics?role=BRANCH_OFFICER&reason=MOTION&branchId=not-an-id!&stage=NOPE',
      expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 },
    },
  ],
  '/api/statistics/csv': [
    {
      path: '/api/statistics/csv?suspended=yes',
      expect: { anonymous: 401, member: 404, caseworker: 200, coordinator: 200 },
    },
  ],
  '/api/statistics/report': [
    {
      path: '/api/statistics/report?role=BRANCH_OFFICER',
      expect: { anonymous: 401, member: 404, caseworker: 200, coordinator: 200 },
    },
  ],
  // Group actions: staff only. The demo action (lib/seed/demo-groups.ts) links cases the demo caseworker works on;
  // coordinators record and change them. A member reads its shared facts on their own case, never here.
  '/groups': [{ path: '/groups', expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 } }],
  '/groups/new': [
    { path: '/groups/new', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } },
  ],
  '/groups/[reference]': [
    { path: `/groups/${DEMO_GROUP}`, expect: { anonymous: 'login', member: 404, caseworker: 200, coordinator: 200 } },
    { path: `/groups/GA-${new Date().getUTCFullYear()}-9999`, expect: SIGNED_IN(404) },
    { path: '/groups/..%2Fcases', expect: SIGNED_IN(404) },
  ],
  '/groups/[reference]/edit': [
    {
      path: `/groups/${DEMO_GROUP}/edit`,
      expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 },
    },
    { path: `/groups/GA-${new Date().getUTCFullYear()}-9999/edit`, expect: SIGNED_IN(404) },
  ],
  // Bundles: a made-up id is 404 for everyone signed in (real ones: __tests__/lib/bundle/bundle-services.test.ts).
  '/api/bundles/[id]': [
    {
      path: '/api/bundles/cnotarealbundleid00000000',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  '/api/bundles/[id]/download': [
    {
      path: '/api/bundles/cnotarealbundleid00000000/download',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  // "Download my data" (issue 13, point 1): the member's own export only. A made-up id is 404 for everyone signed
  // in; a real one is the member's alone, 404 for a caseworker and a coordinator too, and 410 with a page once its
  // link has run out (__tests__/e2e/member-export.test.ts, __tests__/lib/member-export).
  '/api/member-export/[id]': [
    {
      path: '/api/member-export/cnotarealexportid00000000',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  '/api/member-export/[id]/download': [
    {
      path: '/api/member-export/cnotarealexportid00000000/download',
      expect: { anonymous: 401, member: 404, caseworker: 404, coordinator: 404 },
    },
  ],
  // Issue 12, points 4 and 5: the spreadsheet import (coordinators only) and the case list as CSV (staff, each
  // over the cases they may open). The import's steps are POST only; their role rows are in
  // __tests__/lib/import/import-routes.test.ts.
  '/import': [{ path: '/import', expect: { anonymous: 'login', member: 404, caseworker: 404, coordinator: 200 } }],
  '/api/import/sheet': [{ path: '/api/import/sheet', expect: ALL(405) }],
  '/api/import/check': [{ path: '/api/import/check', expect: ALL(405) }],
  '/api/import/run': [{ path: '/api/import/run', expect: ALL(405) }],
  '/api/cases/export': [
    { path: '/api/cases/export', expect: { anonymous: 401, member: 404, caseworker: 200, coordinator: 200 } },
    {
      path: '/api/cases/export?stage=NOT_A_STAGE&page=-1',
      expect: { anonymous: 401, member: 404, caseworker: 200, coordinator: 200 },
    },
  ],
  '/api/health': [{ path: '/api/health', expect: ALL(200) }],
  '/api/auth/[...nextauth]': [
    { path: '/api/auth/csrf', expect: ALL(200) },
    { path: '/api/auth/session', expect: ALL(200) },
    // The credentials exchange takes POST only: a GET is a clear 405, not a 500.
    { path: '/api/auth/callback/credentials', expect: ALL(405) },
    { path: '/api/auth/no-such-thing', expect: ALL(404) },
    { path: '/api/auth/error?error=%00', expect: ALL('login') }, // next-auth's own redirect answered a 500
  ],
};

function routesOnDisk(): string[] {
  const appDir = path.resolve(__dirname, '../../app');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(page|route)\.tsx?$/.test(entry.name)) {
        const rel = path
          .relative(appDir, dir)
          .split(path.sep)
          .filter((s) => !/^\(.*\)$/.test(s));
        out.push(`/${rel.join('/')}`);
      }
    }
  };
  walk(appDir);
  return out.sort();
}

const cookies: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  cookies.member = await sessionCookie(DEMO.member);
  cookies.caseworker = await sessionCookie(DEMO.caseworker);
  cookies.coordinator = await sessionCookie(DEMO.coordinator);
});

test('every page and route handler has a row in the access matrix', () => {
  expect(routesOnDisk()).toEqual(Object.keys(MATRIX).sort());
});

const rows = Object.values(MATRIX)
  .flat()
  .flatMap((row) => (Object.keys(row.expect) as Who[]).map((who) => [row.path, who, row.expect[who]] as const));

test.each(rows)('%s as %s → %s', async (url, who, expected) => {
  const res = await fetch(`${baseUrl()}${url}`, {
    redirect: 'manual',
    headers: cookies[who] ? { cookie: cookies[who]! } : {},
  });
  const body = await res.text();
  if (expected === 'login') {
    expect([302, 303, 307]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/\/login/);
  } else if (expected === 'home') {
    expect([302, 303, 307]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/\/cases$/);
  } else {
    expect(res.status).toBe(expected);
  }
  if (expected === 404 && /^\/cases\/RS-/.test(url) && !url.includes(MISSING)) {
    // Not-yours looks exactly like not-found: the same page, byte for byte once the per-request
    // nonce and the reference in the address are set aside.
    // Compared with the same route for a reference that does not exist (each route's 404 carries its own segments and title).
    const missingUrl = url.replace(/RS-\d{4}-\d{4}/, MISSING).replace(/\?tab=activity/, '');
    const other = await fetch(`${baseUrl()}${missingUrl}`, { headers: cookies[who] ? { cookie: cookies[who]! } : {} });
    const normalise = (html: string, r: Response) => {
      const nonce = /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1] ?? 'none';
      return html
        .split(nonce)
        .join('NONCE')
        .replace(/RS-\d{4}-\d{4}/g, 'REF')
        .replace(/\?tab=activity/g, '');
    };
    expect(normalise(body, res)).toBe(normalise(await other.text(), other));
  }
  if (url.startsWith('/cases') || url.startsWith('/groups') || url.startsWith('/account') || url === '/team') {
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
  }
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

test('authenticated pages carry a nonce-based CSP that forbids framing', async () => {
  const res = await fetch(`${baseUrl()}/cases`, { headers: { cookie: cookies.member! } });
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
});

test('the site icon may be kept by the browser (no page, no personal data): it is not asked for on every page', async () => {
  const page = await (await fetch(`${baseUrl()}/cases`, { headers: { cookie: cookies.member! } })).text();
  const href = /<link rel="icon" href="([^"]+)"/.exec(page)?.[1];
  expect(href).toMatch(/^\/icon\.svg/);
  const res = await fetch(`${baseUrl()}${href}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});

test('a tampered session cookie is treated as signed out', async () => {
  const forged = cookies.member!.replace(/.{6}$/, 'AAAAAA');
  const res = await fetch(`${baseUrl()}/cases`, { redirect: 'manual', headers: { cookie: forged } });
  expect(res.headers.get('location')).toMatch(/\/login/);
});

// Real records, not only made-up ids: an exhibit on someone else's case, and a caseworker-only exhibit on
// the member's own case (demo seed). Each answers exactly like a missing one to whoever may not see it,
// and the member's pages, in HTML and in the RSC payload a client navigation fetches, never mention it.
describe('real ids of other people’s records and of hidden items', () => {
  const ids = { hidden: [] as string[], others: [] as string[] };
  const evidenceIds = async (url: string, who: Who) => {
    const html = await (await fetch(`${baseUrl()}${url}`, { headers: { cookie: cookies[who]! } })).text();
    return [...new Set([...html.matchAll(/\/api\/evidence\/([a-z0-9]+)\/download/g)].map((m) => m[1]!))];
  };
  beforeAll(async () => {
    const all = await evidenceIds(`/cases/${OWN}?tab=evidence`, 'coordinator');
    const members = await evidenceIds(`/cases/${OWN}?tab=evidence`, 'member');
    ids.hidden = all.filter((id) => !members.includes(id));
    ids.others = await evidenceIds(`/cases/${OTHERS}?tab=evidence`, 'coordinator');
  });

  test('the demo data has both kinds', () => {
    expect(ids.hidden.length).toBeGreaterThan(0);
    expect(ids.others.length).toBeGreaterThan(0);
  });

  const notFoundBody = async (who: Who) =>
    (
      await fetch(`${baseUrl()}/api/evidence/cnotarealevidenceid000000/download`, {
        headers: { cookie: cookies[who]! },
      })
    ).text();
  const cases: [string, 'hidden' | 'others', Record<Exclude<Who, 'anonymous'>, 200 | 404>][] = [
    [
      'a caseworker-only exhibit on the member’s own case',
      'hidden',
      { member: 404, caseworker: 200, coordinator: 200 },
    ],
    ['an exhibit on a case the reader may not open', 'others', { member: 404, caseworker: 404, coordinator: 200 }],
  ];
  test.each(cases)('%s', async (_label, kind, expected) => {
    for (const id of ids[kind]) {
      for (const who of ['member', 'caseworker', 'coordinator'] as const) {
        const res = await fetch(`${baseUrl()}/api/evidence/${id}/download`, { headers: { cookie: cookies[who]! } });
        const body = Buffer.from(await res.arrayBuffer());
        expect([who, res.status]).toEqual([who, expected[who]]);
        if (expected[who] === 404) expect(body.toString()).toBe(await notFoundBody(who));
      }
      const anonymous = await fetch(`${baseUrl()}/api/evidence/${id}/download`);
      expect(anonymous.status).toBe(401);
    }
  });

  test('search finds the hidden exhibit for staff only, and another’s case for the coordinator only', async () => {
    const found = async (who: Who, q: string) =>
      (await fetch(`${baseUrl()}/search?q=${encodeURIComponent(q)}`, { headers: { cookie: cookies[who]! } })).text();
    // The page repeats the words searched for: look for the rest of the exhibit's title.
    expect(await found('member', 'research')).not.toContain('regional office emails');
    expect(await found('member', 'Caseworker research emails')).not.toContain('regional office');
    expect(await found('caseworker', 'research')).toContain('regional office emails');
    expect(await found('coordinator', 'research')).toContain('regional office emails');
    for (const who of ['member', 'caseworker'] as const)
      expect(await found(who, OTHERS)).not.toContain(`/cases/${OTHERS}`);
    expect(await found('coordinator', OTHERS)).toContain(`/cases/${OTHERS}`);
  });

  test('the member’s case pages, as HTML and as RSC payloads, never carry the hidden exhibit', async () => {
    const hiddenText = ['Caseworker research', 'regional office employee', ...ids.hidden];
    for (const tab of [
      '',
      '?tab=evidence',
      '?tab=letters',
      '?tab=bundle',
      '?tab=review',
      '?tab=details',
      '?tab=activity',
    ]) {
      for (const rsc of [false, true]) {
        const res = await fetch(`${baseUrl()}/cases/${OWN}${tab}`, {
          headers: { cookie: cookies.member!, ...(rsc ? { rsc: '1' } : {}) },
        });
        expect(res.status).toBe(200);
        const body = await res.text();
        for (const t of hiddenText) expect([tab, rsc, body.includes(t)]).toEqual([tab, rsc, false]);
      }
    }
    // The staff view of the same page does carry it: the check above can fail.
    expect(
      await (
        await fetch(`${baseUrl()}/cases/${OWN}?tab=evidence`, { headers: { cookie: cookies.caseworker! } })
      ).text(),
    ).toContain('Caseworker research');
  });
});

// Security headers that do not depend on the request. The per-request CSP nonce and
// Cache-Control: no-store on pages are set in proxy.ts.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];
if (process.env.NODE_ENV === 'production' && (process.env.APP_URL || '').startsWith('https://')) {
  securityHeaders.push({ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' });
}

// Reinstate holds people's political opinions, and installing or building it reports nothing to anyone: Next's
// anonymous usage telemetry (https://nextjs.org/telemetry), which every build sent and announced, is off. Next
// reads this setting after it has loaded this file, so it holds for every build: `npm run build`, `npm run demo`,
// `npm start`, the tests and the bench. `next dev` also reports from a parent process that never loads this file:
// `npm run dev` sets it there.
process.env.NEXT_TELEMETRY_DISABLED ||= '1';

/** @type {import('next').NextConfig} */
module.exports = {
  poweredByHeader: false,
  // Several app servers: build each with the same NEXT_DEPLOYMENT_ID (a release tag); a browser holding
  // pages of another build then reloads instead of calling code that is not there.
  deploymentId: process.env.NEXT_DEPLOYMENT_ID || undefined,
  reactStrictMode: true,
  // Each page's server code is loaded when the page is first asked for, not all of it when a web process
  // starts. Measured on PostgreSQL with two web processes (1 Dec 2026): idle RSS 251 and 234 MB -> 210 and
  // 227 MB (issue 11, point 2: at most 250); the first request of a page after a start took as long either
  // way (case list 0.39 / 0.43 s, case page 1.05 / 1.10 s: compiling and first queries, not loading modules).
  //
  // Turbopack keeps a cache of the build in .next for the next build (on by default since Next 16.4): a CI run builds
  // once from a clean clone, and writing that cache took 17 s beside the type check (4 Dec 2026), so CI does not.
  //
  // Next 16.5's agent tooling stays off: `next dev` wrote an AGENTS.md into the project (and restores it when removed),
  // and the upgrade reminders (`agentUpgrade`) can ask registry.npmjs.org for newer versions during dev and builds.
  // Upgrades here are chosen and tested (package.json pins Next), and a working copy stays as its commit left it.
  agentRules: false,
  experimental: {
    preloadEntriesOnStart: false,
    turbopackFileSystemCacheForBuild: !process.env.CI,
    agentUpgrade: false,
    agentFeedback: false,
  },
  // Native, WebAssembly and engine packages must stay outside the bundle (PGlite crashes when bundled).
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/adapter-pg',
    'pg',
    '@node-rs/argon2',
    '@prisma/schema-engine-wasm',
    'nodemailer',
    'sharp',
    'heic-convert',
    'pdfkit',
    '@cantoo/pdf-lib',
    'fontkit',
    'dejavu-fonts-ttf',
    'docx',
    'handlebars',
  ],
  // The build checks types, except for the test runs' build (scripts/test-e2e.ts): npm test's static checks have
  // just run the same check, Next's route types included (scripts/static-checks.sh), 33 s of the build in CI.
  typescript: { ignoreBuildErrors: process.env.REINSTATE_BUILD_TYPECHECK === 'off' },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // The site icon's address carries a hash of its content (Next adds ?icon.<hash>.svg), so a browser may keep it.
      { source: '/icon.svg', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
    ];
  },
};

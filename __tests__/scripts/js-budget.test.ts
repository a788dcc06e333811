import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkJsBudget } from '../../scripts/js-budget';

// A fake production build laid out as Next 16 writes it: root main files in build-manifest.json, app
// routes in app-path-routes-manifest.json, each page's first-load chunks in its client reference manifest.
// Random bytes do not compress, so a chunk's gzip size is about its length.
function fakeBuild(
  pages: Record<string, Record<string, number>>,
  rootMain: Record<string, number> = { 'static/chunks/main.js': 40_000 },
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'js-budget-'));
  const chunk = (file: string, size: number) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), crypto.randomBytes(size));
  };
  for (const [file, size] of Object.entries(rootMain)) chunk(file, size);
  fs.writeFileSync(
    path.join(dir, 'build-manifest.json'),
    JSON.stringify({ polyfillFiles: [], rootMainFiles: Object.keys(rootMain) }),
  );
  const routes: Record<string, string> = { '/api/health/route': '/api/health' };
  for (const [entry, chunks] of Object.entries(pages)) {
    routes[entry] = entry.replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/';
    for (const [file, size] of Object.entries(chunks)) chunk(file, size);
    const manifest = {
      entryJSFiles: {
        '[project]/app/layout': ['static/chunks/layout.js'],
        [`[project]/app${entry}`]: Object.keys(chunks),
      },
    };
    const file = path.join(dir, 'server/app', `${entry}_client-reference-manifest.js`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(entry)}] = ${JSON.stringify(manifest)};\n`,
    );
  }
  chunk('static/chunks/layout.js', 10_000);
  fs.writeFileSync(path.join(dir, 'app-path-routes-manifest.json'), JSON.stringify(routes));
  return dir;
}

describe('JavaScript budget', () => {
  const build = fakeBuild({
    '/(public)/login/page': { 'static/chunks/form.js': 30_000 },
    // Shares form.js with the login page; each file is counted once per page.
    '/(app)/cases/[reference]/page': {
      'static/chunks/form.js': 30_000,
      'static/chunks/zod.js': 100_000,
      'static/chunks/timeline.js': 20_000,
    },
  });

  it('sums each page’s root, layout and page chunks, compressed, and names the pages over the limit', () => {
    const { pages, over, table } = checkJsBudget(build, 170);
    const login = pages.find((p) => p.route === '/login')!;
    const casePage = pages.find((p) => p.route === '/cases/[reference]')!;
    expect(pages.map((p) => p.route)).toEqual(['/cases/[reference]', '/login']); // route handlers are not pages
    expect(login.files).toBe(3);
    expect(login.bytes).toBeGreaterThan(80_000);
    expect(login.bytes).toBeLessThan(81_000); // 80,000 random bytes plus gzip's few bytes per file
    expect(casePage.files).toBe(5);
    expect(casePage.bytes).toBeGreaterThan(200_000);
    expect(over.map((p) => p.route)).toEqual(['/cases/[reference]']);
    expect(table).toMatch(/\/cases\/\[reference\]\s+5\s+19\d\.\d {2}OVER 170 KB/);
    expect(table).not.toMatch(/\/login.*OVER/);
  });

  it('passes when every page is within the limit', () => {
    expect(checkJsBudget(build, 250).over).toEqual([]);
  });

  it('fails the command with the table when a page is over, and passes it when none is', () => {
    const run = (limit: string) =>
      spawnSync(
        process.execPath,
        [require.resolve('tsx/cli'), path.resolve(__dirname, '../../scripts/js-budget.ts'), '--limit', limit, build],
        { encoding: 'utf8' },
      );
    const failing = run('170');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/\/cases\/\[reference\].*OVER 170 KB/);
    expect(failing.stderr).toContain('1 page(s) over the 170 KB budget: /cases/[reference]');
    expect(run('250').status).toBe(0);
  });

  it('refuses a directory without a production build rather than passing it', () => {
    expect(() => checkJsBudget(fs.mkdtempSync(path.join(os.tmpdir(), 'js-budget-empty-')))).toThrow(
      /No production build/,
    );
  });
});

import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  DEMO,
  axeViolations,
  baseUrl,
  launch,
  newPage,
  ref,
  screenshot,
  sessionCookie,
  signIn,
  visible,
} from './support/browser';

// Issue 13, point 1: the demo member, on a phone, asks for a download of their data on the Account page, watches
// it being made, saves the zip, and the zip opens: README, manifest, their case's files, every checksum right.
// Then the same link for a caseworker and a coordinator: not found; and for nobody signed in: asked to sign in.
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a member downloads their data on a phone, and the zip opens', async () => {
  const { page, context } = await newPage(browser, 'phone');
  await signIn(page, DEMO.member);
  await page.goto('/account');
  await visible(page.getByRole('heading', { name: 'Download my data' }));
  await visible(page.getByText('The download link works for 7 days'));
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Download my data' }).click();

  // Progress (shown from the moment it is asked for until a poll finds it ready), then the link.
  const progress = page.getByLabel('How far your download has got');
  const saved = page.getByRole('link', { name: 'Save the zip file' });
  await visible(progress, 20_000);
  await visible(page.getByText(/(Waiting to start|Making your download: \d+%)\. You can leave this page/));
  await screenshot(page, 'member-export-progress-phone');
  await visible(saved, 60_000);
  await visible(page.getByText(/The link works until \d{1,2} \w+ \d{4}/));
  await screenshot(page, 'member-export-ready-phone');
  expect(await axeViolations(page)).toEqual([]);
  // The section, and the page, no wider than the phone (a long email address once pushed the page to 461 px).
  const box = await page.locator('section[aria-labelledby="download-my-data"]').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const [download] = await Promise.all([page.waitForEvent('download'), saved.click()]);
  expect(download.suggestedFilename()).toMatch(/^My data from Reinstate \d{4}-\d{2}-\d{2}\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-export-e2e-'));
  const file = path.join(dir, 'export.zip');
  await download.saveAs(file);

  // The zip opens, every file's CRC checks, and it holds what the README promises.
  expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const n of ['README.txt', 'MANIFEST.txt', 'manifest.json', 'account/account.json', 'account/your-details.json'])
    expect(names).toContain(n);
  const own = ref(5);
  for (const n of ['case.json', 'timeline.csv', 'evidence.csv', 'deadlines.csv', 'activity.csv'])
    expect(names).toContain(`cases/${own}/${n}`);
  expect(names.some((n) => n.startsWith(`cases/${own}/evidence/`))).toBe(true);
  // Only the member's own case.
  expect(names.filter((n) => n.startsWith('cases/') && !n.startsWith(`cases/${own}/`))).toEqual([]);
  const manifest = JSON.parse(execFileSync('unzip', ['-p', file, 'manifest.json'], { encoding: 'utf8' })) as {
    files: { path: string; sha256: string }[];
  };
  for (const f of manifest.files) {
    const bytes = execFileSync('unzip', ['-p', file, f.path.replace(/([[\]*?])/g, '[$1]')], { maxBuffer: 1 << 28 });
    expect([f.path, crypto.createHash('sha256').update(bytes).digest('hex')]).toEqual([f.path, f.sha256]);
  }
  // The demo's caseworker-only exhibit is not in it.
  const all = names
    .filter((n) => !n.endsWith('.pdf'))
    .map((n) => execFileSync('unzip', ['-p', file, n.replace(/([[\]*?])/g, '[$1]')], { maxBuffer: 1 << 28 }))
    .join('\n');
  expect(all).not.toContain('Caseworker research');

  // The download link, for anyone else: not found (a coordinator included); for a visitor: sign in first.
  const href = await saved.getAttribute('href');
  expect(href).toMatch(/^\/api\/member-export\/[a-z0-9]+\/download$/);
  for (const who of [DEMO.caseworker, DEMO.coordinator]) {
    const res = await fetch(`${baseUrl()}${href}`, { headers: { cookie: await sessionCookie(who) } });
    expect([who.email, res.status]).toEqual([who.email, 404]);
    const status = await fetch(`${baseUrl()}${href!.replace(/\/download$/, '')}`, {
      headers: { cookie: await sessionCookie(who) },
    });
    expect([who.email, status.status]).toEqual([who.email, 404]);
  }
  expect((await fetch(`${baseUrl()}${href}`)).status).toBe(401);
  // The member's own link answers with the download headers.
  const mine = await fetch(`${baseUrl()}${href}`, { headers: { cookie: await sessionCookie(DEMO.member) } });
  expect(mine.status).toBe(200);
  expect(mine.headers.get('content-type')).toBe('application/zip');
  expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
  expect(mine.headers.get('content-disposition')).toMatch(/^attachment/);
  expect(mine.headers.get('content-security-policy')).toContain('sandbox');
  await mine.arrayBuffer();

  // Back on the page later: the link is still there, and a new one can be made.
  await page.reload();
  await visible(page.getByRole('link', { name: 'Save the zip file' }));
  await visible(page.getByRole('button', { name: 'Make a new download' }));
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

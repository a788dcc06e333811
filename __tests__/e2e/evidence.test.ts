import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a member uploads two files: one refused with its reason, the other filed with its fingerprint', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.member);
  await page.goto(`/cases/${ref(5)}?tab=evidence`);
  await visible(page.getByRole('heading', { name: 'Evidence' }));
  await page.locator('input[type=file]').setInputFiles([
    { name: 'suspension-letter.pdf', mimeType: 'application/pdf', buffer: PDF },
    {
      name: 'not-really.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
    },
  ]);
  await visible(page.getByRole('alert').filter({ hasText: 'not-really.pdf:' }));
  await visible(page.getByText('Filed.'));
  await page.reload();
  await visible(page.getByText('suspension-letter.pdf', { exact: false }));
  const sha = (await page.locator('code').allInnerTexts()).find((t) => /^[0-9a-f]{64}$/.test(t));
  expect(sha).toBeDefined();
  expect(await page.getByText('not-really').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  // Nothing may push the page wider than a phone (long addresses and fingerprints wrap).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'member-evidence-phone');

  // The fingerprint check recomputes from storage.
  await page
    .getByRole('button', { name: /Check fingerprint of E\d+/ })
    .first()
    .click();
  await visible(page.getByText('Fingerprint matches'));
  await context.close();
});

test('a 12 MB file streams through the real server intact (no body cap, fingerprint matches)', async () => {
  const crypto = await import('node:crypto');
  const { baseUrl, sessionCookie } = await import('./support/browser');
  const cookie = await sessionCookie(DEMO.member);
  const body = Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    crypto.randomBytes(12 * 1024 * 1024),
    Buffer.from('\n%%EOF\n'),
  ]);
  const res = await fetch(`${baseUrl()}/api/cases/${ref(5)}/evidence`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      cookie,
      'x-file-name': 'big-bundle.pdf',
      'content-type': 'application/pdf',
      'content-length': String(body.length),
    },
  });
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: { id: string; sha256: string; sizeBytes: number } };
  expect(data.sizeBytes).toBe(body.length);
  expect(data.sha256).toBe(crypto.createHash('sha256').update(body).digest('hex'));
  const dl = await fetch(`${baseUrl()}/api/evidence/${data.id}/download`, { headers: { cookie } });
  expect(dl.status).toBe(200);
  expect(
    crypto
      .createHash('sha256')
      .update(Buffer.from(await dl.arrayBuffer()))
      .digest('hex'),
  ).toBe(data.sha256);
});

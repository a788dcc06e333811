import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('a member uploads two files: one refused with its reason, the other filed with its fingerprint', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.member);
  await page.goto(`/cases/${ref(5)}?tab=evidence`);
  await visible(page.getByRole('heading', { name: 'Evidence' }));
  await page.locator('input[type=file]').setInputFiles([
    { name: 'suspension-letter.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: 'not-really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>') },
  ]);
  await visible(page.getByRole('alert').filter({ hasText: 'not-really.pdf:' }));
  await visible(page.getByText('Filed.'));
  await page.reload();
  await visible(page.getByText('suspension-letter.pdf', { exact: false }));
  const sha = (await page.locator('code').allInnerTexts()).find((t) => /^[0-9a-f]{64}$/.test(t));
  expect(sha).toBeDefined();
  expect(await page.getByText('not-really').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'member-evidence-phone');

  // The fingerprint check recomputes from storage.
  await page.getByRole('button', { name: /Check fingerprint of E\d+/ }).first().click();
  await visible(page.getByText('Fingerprint matches'));
  await context.close();
});

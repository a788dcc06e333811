import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, hydrated, launch, newPage, screenshot, signIn, visible } from './support/browser';

// Issue 13, point 2: a coordinator logs a subject access request made to the network, decides on each item
// the member cannot see yet (one withheld under an exemption), releases the response and downloads it; the
// member then finds it on their Account page. The request is released by the end, so it leaves no open
// deadline for the suites that follow.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a coordinator logs a SAR, decides item by item, releases it; the member downloads the response', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.coordinator);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access requests' }).click();
  await visible(page.getByRole('heading', { name: 'Subject access requests', level: 1 }));
  expect(await axeViolations(page)).toEqual([]);

  // Bad input: a message next to the field, and what was typed stays.
  await page.getByLabel('Note').fill('Asked by email');
  await page.getByLabel('Who is it about?').fill('nobody-at-all@example.test');
  await page.getByRole('button', { name: 'Log the request' }).click();
  await visible(page.getByText('No one with that email, membership number or case reference is known to the network'));
  expect(await page.getByLabel('Note').inputValue()).toBe('Asked by email');

  await page.getByLabel('Who is it about?').fill(DEMO.member.email);
  await page.getByRole('button', { name: 'Log the request' }).click();
  await page.waitForURL(/\/access-requests\/c[a-z0-9]+$/);
  const requestUrl = page.url();
  await visible(page.getByRole('heading', { name: /^Subject access request: / }));
  await visible(page.getByText(/One calendar month \(UK GDPR Art\. 12\(3\)\)/));
  expect(await axeViolations(page)).toEqual([]);

  // The deadline is on the coordinator's Deadlines page like any other.
  await page.goto('/deadlines?within=all');
  await visible(page.getByText('Reply to a subject access request made to the network').first());
  await page.goto(requestUrl);

  // Releasing before every hidden item has a decision is refused, with the count.
  const toDecide = await page.locator('details[open] form').count();
  expect(toDecide).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Release the response' }).click();
  await visible(page.getByText(/no decision: choose release, redact or withhold/));

  // The first hidden item is withheld (legal privilege); the rest are released.
  let withheldText = '';
  for (let i = 0; i < 40; i++) {
    const form = page.locator('details[open] form').first();
    if ((await form.count()) === 0) break;
    await hydrated(form);
    const item = page.locator('li', { has: form });
    if (i === 0) {
      withheldText = (
        await item
          .locator('p.whitespace-pre-line')
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
      await form.getByLabel('Withhold').check();
      await form.getByLabel('Exemption').selectOption('LEGAL_PRIVILEGE');
    } else {
      await form.getByLabel('Release', { exact: true }).check();
    }
    // The saved item's <details> closes when the page refreshes, and `details[open] form` then names the
    // next item, so the wait holds on to this form's element: saved once it says so or its <details> closed.
    const element = await form.elementHandle();
    await form.getByRole('button', { name: 'Save decision' }).click();
    await page.waitForFunction(
      (el) => !!el && (el.textContent?.includes('Decision saved.') || !el.closest('details[open]')),
      element,
      { timeout: 15_000 },
    );
    await element?.dispose();
    await page.reload();
  }
  expect(await page.locator('details[open] form').count()).toBe(0);
  await visible(page.getByText(/^Withhold: Legal professional privilege$/).first());

  await page.getByRole('button', { name: 'Release the response' }).click();
  await visible(page.getByText(/The response was released on/));
  await screenshot(page, 'coordinator-access-request-released');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the PDF' }).click(),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sar-e2e-'));
  const file = path.join(dir, 'response.pdf');
  await download.saveAs(file);
  execFileSync('qpdf', ['--check', file]);
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
  expect(text).toContain('Your subject access request');
  expect(text).toContain('What the network holds about you');
  expect(text).toContain('1 item: Legal professional privilege');
  if (withheldText.length > 15) expect(text).not.toContain(withheldText.replace(/\s+/g, ' ').slice(0, 60));
  fs.rmSync(dir, { recursive: true });
  await context.close();

  // The member, on a phone: the response is on their Account page.
  const member = await newPage(browser, 'phone');
  await signIn(member.page, DEMO.member);
  await member.page.goto('/account');
  await visible(member.page.getByRole('heading', { name: 'Your subject access requests to us' }));
  const href = await member.page
    .getByRole('link', { name: 'download our response (PDF)' })
    .first()
    .getAttribute('href');
  const res = await member.page.request.get(href!);
  expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
  expect(await axeViolations(member.page)).toEqual([]);
  await member.context.close();
});

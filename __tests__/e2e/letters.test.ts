import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const pdfText = (file: string) => {
  execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

// The journey: a caseworker logs "SAR sent", sees the computed due date, drafts the SAR
// letter, fills the missing field, downloads the PDF; then files the letter on the case.
test('a caseworker logs a SAR, sees its due date, drafts the letter, fills a missing field and downloads the PDF', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(5)}`);
  await page.getByRole('button', { name: 'Add to the timeline' }).click();
  await page.getByLabel('What kind of event?').selectOption('SAR_SENT');
  await page.getByLabel('I know the exact day').check();
  await page.locator('#date-day').fill('3');
  await page.locator('#date-month').selectOption('9');
  await page.locator('#date-year').fill('2025');
  await page.getByLabel('Short title').fill('SAR to the Governance and Legal Unit');
  await page.getByRole('button', { name: 'Add to the timeline' }).last().click();
  await visible(page.getByText('Added to the timeline.'));
  // 3 Sep 2025 → one calendar month → Fri 3 Oct 2025, a working day.
  await page.getByText('All deadlines and how they were worked out').click();
  await visible(page.getByText('Reply to the subject access request due 3 Oct 2025'));
  await visible(page.getByText(/Received 3 Sept? 2025\. One calendar month/));

  await page.goto(`/cases/${ref(5)}?tab=letters`);
  await page.getByRole('link', { name: 'Write a letter' }).click();
  await page.getByRole('link', { name: 'Subject access request', exact: true }).click();
  await visible(page.getByRole('heading', { name: 'Step 1 of 2: check the details' }));
  // The demo member has no postal address on file: it is listed by name, and linked to its field.
  const missing = page.getByRole('status').filter({ hasText: 'We could not find' });
  await visible(missing);
  await missing.getByRole('link', { name: 'Your postal address' }).click();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Fill in the letter' }).click();
  await visible(page.getByRole('alert').filter({ hasText: 'Not filled in yet' }));
  await page.getByLabel('Your postal address').fill('7 Mill Lane\nHebden Bridge\nHX7 8AA');
  await page.getByRole('button', { name: 'Fill in the letter' }).click();
  await visible(page.getByRole('heading', { name: 'Step 2 of 2: read and edit the letter' }));
  const body = page.getByRole('textbox', { name: 'The letter', exact: true });
  await body.fill(`${await body.inputValue()}\n\nP.S. Please include the notes of the meeting on 12 May.`);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-letter-review-desktop');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as PDF' }).click(),
  ]);
  const file = path.join(os.tmpdir(), `e2e-sar-${Date.now()}.pdf`);
  await download.saveAs(file);
  const text = pdfText(file);
  fs.rmSync(file, { force: true });
  expect(text).toContain('7 Mill Lane');
  expect(text).toContain('Hebden Bridge');
  expect(text).toContain(ref(5));
  expect(text).toContain('Please include the notes of the meeting on 12 May');

  // Filed on the case: the Letters tab shows it with its PDF; the timeline has it as a SAR sent.
  await page.getByLabel('Date sent').fill('2025-09-03');
  await page.getByRole('button', { name: 'Save as sent' }).click();
  await visible(page.getByText('Letter saved'));
  await visible(page.getByRole('link', { name: 'Download the PDF' }).first());
  const pdfHref = await page.getByRole('link', { name: 'Download the PDF' }).first().getAttribute('href');
  const res = await page.request.get(pdfHref!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  await context.close();
});

test('on a phone, the member sees their deadlines and the letter picker fits the screen', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.member);
  await page.goto('/deadlines');
  await visible(page.getByRole('heading', { name: 'Your deadlines' }));
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`/cases/${ref(5)}/letters/new`);
  await visible(page.getByRole('heading', { name: 'Write a letter' }));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'member-letter-picker-phone');
  await context.close();
});

import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';
import { checkPdf, pageTexts } from '../lib/bundle/bundle-fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// The journey: a caseworker runs the pre-flight, includes one excluded item on purpose,
// builds the bundle (progress shown), and downloads it.
test('a caseworker runs the pre-flight, includes a left-out item on purpose, builds and downloads the bundle', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(5)}?tab=bundle`);
  await visible(page.getByText('No bundle yet'));
  await page.getByRole('link', { name: 'Build a bundle' }).click();
  await page.waitForURL(/\/bundle\/new$/);
  await page.getByLabel(/^Appeal/).check();
  await page.getByLabel(/^The party, a panel or a court/).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await visible(page.getByRole('heading', { name: 'Check the bundle before it is made' }));
  // The adviser's notes are "without prejudice": left out unless included on purpose.
  // The item's own list entry: the last match, as its section's entry contains it too.
  const advice = page
    .getByRole('listitem')
    .filter({ hasText: 'Notes from a call with a union adviser' })
    .filter({ has: page.getByRole('checkbox') })
    .last();
  await visible(advice.getByText('Left out:'));
  await visible(advice.getByText('Marked “without prejudice”'));
  await visible(page.getByText('Approximate date').first());
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-bundle-preflight-desktop');
  await advice.getByLabel(/Include it anyway/).check();
  await visible(advice.getByText('Included on purpose, although:'));
  // Privileged material going to the party: the person is warned and must confirm before building.
  await visible(page.getByText('Privileged material is going to an outside body'));
  expect(await page.getByRole('button', { name: 'Build the bundle' }).isDisabled()).toBe(true);
  await page.getByLabel('I understand, and I want to include it').check();
  // Move the correspondence section above the chronology, with the keyboard-friendly buttons.
  await page.getByRole('button', { name: 'Move Evidence up' }).click();
  await page.getByRole('button', { name: 'Build the bundle' }).click();
  await page.waitForURL(/tab=bundle/);
  await visible(page.getByText('Bundle started'));
  const link = page.getByRole('link', { name: 'Download the PDF' }).first();
  await visible(link, 60_000);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = Buffer.from(
    await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[])),
  );
  const pages = checkPdf(bytes);
  const texts = pageTexts(bytes, pages);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
  const all = texts.join('\n');
  expect(all).toContain('She thinks the suspension letter does not say which rule was broken'); // included on purpose
  expect(all.replace(/\s+/g, ' ')).toContain('Without prejudice. Put in this bundle on purpose'); // and marked so on its divider
  expect(all).toContain('Peter Lowry');
  await context.close();
});

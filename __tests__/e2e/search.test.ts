import type { Browser } from 'playwright-core';
import {
  DEMO,
  axeViolations,
  baseUrl,
  hydrated,
  launch,
  newPage,
  screenshot,
  signIn,
  visible,
} from './support/browser';

// Issue 12, point 1: search from one box. The demo's motion cases are Margaret Hollins' (a branch chair who let a
// motion be debated), Eileen Brodie's (her branch passed a motion of no confidence) and the group action's members;
// Daniel Okafor's (a social-media post) and Bernadette Kaye's never mention one.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a coordinator searches “motion” from the header and finds the right cases', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.coordinator);
  const box = page.getByRole('searchbox', { name: 'Search cases' });
  await box.fill('motion');
  await box.press('Enter');
  await page.waitForURL('**/search?q=motion');
  await visible(page.getByRole('heading', { name: /match(es)? “motion”/ }));
  const results = page.getByRole('list', { name: 'Cases found' }).locator(':scope > li');
  const names = await results.locator('a.text-lg').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['Margaret Hollins', 'Eileen Brodie']));
  expect(names).not.toContain('Daniel Okafor');
  expect(names).not.toContain('Bernadette Kaye');
  // Every case found shows where the match is and the word marked.
  for (let i = 0; i < (await results.count()); i++) {
    const marks = await results.nth(i).locator('mark').allTextContents();
    expect(marks.some((m) => /^motions?$/i.test(m))).toBe(true);
  }
  const hollins = results.filter({ hasText: 'Margaret Hollins' });
  await visible(hollins.getByRole('link', { name: 'Timeline entry' }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-search-desktop');

  // The match's link opens the case on the tab that holds it.
  await hollins.getByRole('link', { name: 'Timeline entry' }).first().click();
  await page.waitForURL(/\/cases\/RS-\d{4}-\d{4}\?tab=timeline/);
  await visible(page.getByText('Branch all-member meeting: motion debated'));

  // Nothing found: the page says what to try.
  await page.goto('/search?q=zzqvx%20wibblewobble');
  await visible(page.getByText('Nothing found for “zzqvx wibblewobble”'));
  await visible(page.getByText('fewer words, or one distinctive word'));
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});

test('reading results on a phone fetches no page in advance, and a result still opens on a click', async () => {
  // Each prefetch of these dynamic pages was a server render of the target's layouts for nothing the browser could
  // show: 39 requests while a search page of 20 results was read, 22 on the case list (lib/ui/link.tsx).
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.coordinator);
  const prefetched: string[] = [];
  page.on('request', (r) => {
    if (r.headers()['next-router-prefetch']) prefetched.push(r.url());
  });
  // Other journeys add cases to the shared demo server: any case's link will do, not one person's. The results and
  // the case list's rows are plain links written as markup (lib/ui/markup.ts); the page's form is React's, so its
  // button says when the page has hydrated and its other links (the menu, the pages) could prefetch.
  const caseLink = page.locator('main a[href^="/cases/RS-"]:not([href*="?"])').first();
  for (const path of ['/search?q=motion', '/cases']) {
    await page.goto(path);
    await visible(caseLink);
    await hydrated(page.locator('main form button[type="submit"]').first());
    for (let i = 0; i < 4; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(250);
    }
    await page.waitForLoadState('networkidle');
  }
  expect(prefetched).toEqual([]);
  const [name, href] = [(await caseLink.textContent())!.trim(), (await caseLink.getAttribute('href'))!];
  await caseLink.click();
  await page.waitForURL(`**${href}`);
  await visible(page.getByRole('heading', { name }));
  await context.close();
});

test('on a phone, without JavaScript, the search page works and a bad search says why next to the box', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    baseURL: baseUrl(),
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  // Sign in needs JavaScript (next-auth's client): take the session from a signed-in context.
  const signed = await newPage(browser, 'phone');
  await signIn(signed.page, DEMO.caseworker);
  await context.addCookies(await signed.context.cookies());
  await signed.context.close();

  await page.goto('/search');
  await visible(page.getByText('Type what you are looking for'));
  await page.getByLabel('Search for').fill('suspended');
  await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
  await page.waitForURL('**/search?q=suspended');
  await visible(page.getByRole('heading', { name: /match(es)? “suspended”/ }));
  expect(await page.locator('main mark').count()).toBeGreaterThan(0);
  await screenshot(page, 'caseworker-search-phone');

  await page.goto('/search?q=a');
  await visible(page.getByRole('alert').filter({ hasText: 'Type at least 2 letters or numbers' }));
  await context.close();
});

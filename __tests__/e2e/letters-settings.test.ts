import type { Browser, Page } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';
import { startPrivateServer, type PrivateServer } from './support/private-server';

// Issue 10, points 7–9, as people use them: a caseworker comes back to a saved letter draft and saves
// it as sent (the member's address typed once, then remembered); moves a timeline entry among entries
// on the same day; a coordinator changes a body's postal address in the settings and the next letter
// is addressed there. These journeys change the demo member's case, so they run on a private copy of
// the app with its own fresh demo database: the other suites' demo data is never touched.

let browser: Browser;
let server: PrivateServer;
let sharedBaseUrl: string | undefined;
beforeAll(async () => {
  server = await startPrivateServer();
  sharedBaseUrl = process.env.E2E_BASE_URL;
  process.env.E2E_BASE_URL = server.baseUrl; // newPage() reads it per page
  browser = await launch();
}, 8 * 60_000);
afterAll(async () => {
  process.env.E2E_BASE_URL = sharedBaseUrl;
  await browser?.close();
  await server?.stop();
});

/** Nothing is wider than the phone's screen (no sideways scrolling at 390 px). */
const fitsPhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
const PARTICULARS = 'Request for the particulars of the allegations and the evidence';

test('a caseworker continues a saved letter draft, keeps the address typed, saves it as sent, and the draft is gone', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(5)}?tab=letters`);
  const drafts = page.getByRole('region', { name: 'Drafts' });
  await visible(drafts);
  await visible(drafts.getByText(/Last saved on .* · started by Imran Sadiq \(caseworker\)/));
  expect(await axeViolations(page)).toEqual([]);
  await drafts.getByRole('link', { name: `Continue the draft “${PARTICULARS}”` }).click();

  await visible(page.getByText(/You are continuing a draft saved on/));
  expect(await page.getByLabel('Your full name').inputValue()).toBe('Peter Lowry');
  // No address is stored for the member yet: it is asked for, with the offer to remember it.
  const remember = page.getByLabel(/Remember this address/);
  await visible(remember);
  expect(await remember.isChecked()).toBe(true);
  await page.getByLabel('Your postal address').fill('7 Mill Lane\nHebden Bridge\nHX7 8AA');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Fill in the letter' }).click();
  await visible(page.getByRole('heading', { name: 'Step 2 of 2: read and edit the letter' }));
  const body = page.getByRole('textbox', { name: 'The letter', exact: true });
  await body.fill(`${await body.inputValue()}\n\nP.S. I also ask for the minutes of the meeting of 12 May.`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await visible(page.getByText(/Draft saved on .*The address is now stored on the member’s record/));
  await screenshot(page, 'caseworker-letter-draft-saved-desktop');

  // Coming back later: the letter opens at the review step, as it was typed.
  await page.reload();
  await visible(page.getByRole('heading', { name: 'Step 2 of 2: read and edit the letter' }));
  expect(await page.getByRole('textbox', { name: 'The letter', exact: true }).inputValue()).toContain(
    'minutes of the meeting of 12 May',
  );
  expect(await page.getByLabel('Your address').inputValue()).toContain('7 Mill Lane');
  await page.getByLabel('Date sent').fill('2025-10-06');
  await page.getByRole('button', { name: 'Save as sent' }).click();
  await visible(page.getByText('Letter saved'));
  expect(await page.getByRole('region', { name: 'Drafts' }).count()).toBe(0);

  // The next letter is addressed from the stored address: nobody types it again.
  await page.goto(`/cases/${ref(5)}/letters/new?template=subject-access-request`);
  expect(await page.getByLabel('Your postal address').inputValue()).toBe('7 Mill Lane\nHebden Bridge\nHX7 8AA');
  expect(await page.getByLabel(/Remember this address/).count()).toBe(0);
  await context.close();
});

test('a caseworker moves an entry up among entries on the same day, on a phone, by keyboard', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(5)}`);
  const covering = 'Covering letter from the data protection officer with the SAR response';
  const sar = 'SAR response: the complaint, redacted';
  const order = async () => {
    const titles = await page.locator('ol > li p.font-semibold').allInnerTexts();
    return [titles.indexOf(covering), titles.indexOf(sar)];
  };
  const [c0 = -1, s0 = -1] = await order();
  expect(c0).toBeGreaterThan(-1);
  expect(c0).toBeLessThan(s0); // the demo's hand order: the covering letter first
  // The first on its day cannot go further up, and says so.
  await visible(page.getByRole('button', { name: `Move up “${covering}” (already the first on this day)` }));
  const up = page.getByRole('button', { name: `Move up “${sar}”`, exact: true });
  await up.focus();
  await page.keyboard.press('Enter');
  await visible(page.getByText(`Moved “${sar}” up.`));
  await page.waitForFunction(
    ([a, b]) => {
      const t = [...document.querySelectorAll('ol > li p.font-semibold')].map((e) => (e as HTMLElement).innerText);
      return t.indexOf(a!) > t.indexOf(b!);
    },
    [covering, sar],
  );
  const [c1 = -1, s1 = -1] = await order();
  expect(c1).toBeGreaterThan(s1);
  expect(await axeViolations(page)).toEqual([]);
  await fitsPhone(page);
  await screenshot(page, 'caseworker-timeline-same-day-order-phone');

  // The member sees the same order (and no buttons to change it).
  const member = await newPage(browser, 'phone');
  await signIn(member.page, DEMO.member);
  await member.page.goto(`/cases/${ref(5)}`);
  const titles = await member.page.locator('ol > li p.font-semibold').allInnerTexts();
  expect(titles.indexOf(sar)).toBeLessThan(titles.indexOf(covering));
  expect(await member.page.getByRole('button', { name: /^Move (up|down)/ }).count()).toBe(0);
  await member.context.close();
  await context.close();
});

test('a coordinator changes a body’s postal address in the settings, and the next letter is addressed there', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.coordinator);
  await page.getByRole('link', { name: 'Settings' }).click();
  await visible(page.getByRole('heading', { name: 'Organisation settings' }));
  // The seeded values are shown.
  expect(await page.getByLabel('The party’s name').inputValue()).toBe('The Party');
  expect(await page.getByLabel('Days allowed to appeal after a decision').inputValue()).toBe('21');
  expect(await axeViolations(page)).toEqual([]);
  await fitsPhone(page);
  await screenshot(page, 'coordinator-settings-phone');

  // Bad input is explained next to the field and what was typed stays.
  await page.getByLabel('Days allowed to appeal after a decision').fill('400');
  await page.getByRole('button', { name: 'Save organisation settings' }).click();
  await visible(page.getByText('The appeal window must be 90 days or fewer'));
  expect(await page.getByLabel('Days allowed to appeal after a decision').inputValue()).toBe('400');
  await page.getByLabel('Days allowed to appeal after a decision').fill('21');

  await page.locator('summary > span', { hasText: /^Governance and legal unit$/ }).click(); // opens its details
  const glu = page.getByRole('form', { name: 'Governance and legal unit' });
  await glu.getByLabel('Postal address').fill('Governance and Legal Unit\n20 New Street\nLeeds\nLS1 4AB');
  await glu.getByRole('button', { name: /^Save/ }).click();
  await visible(glu.getByText('Saved. New letters use it from now on.'));

  const desktop = await newPage(browser, 'desktop');
  await signIn(desktop.page, DEMO.coordinator);
  await desktop.page.goto(`/settings`);
  expect(await axeViolations(desktop.page)).toEqual([]);
  await screenshot(desktop.page, 'coordinator-settings-desktop');
  await desktop.page.goto(`/cases/${ref(5)}/letters/new?template=request-for-particulars`);
  expect(await desktop.page.getByLabel('Their postal address').inputValue()).toBe('20 New Street\nLeeds\nLS1 4AB');
  await desktop.context.close();

  // A caseworker is told the page does not exist.
  const caseworker = await newPage(browser, 'phone');
  await signIn(caseworker.page, DEMO.caseworker);
  expect(await caseworker.page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
  const res = await caseworker.page.goto('/settings');
  expect(res?.status()).toBe(404);
  await caseworker.context.close();
  await context.close();
});

import type { Browser, Page } from 'playwright-core';
import {
  DEMO,
  axeViolations,
  latestOutboxMail,
  launch,
  linkFromOutbox,
  newPage,
  screenshot,
  signIn,
  visible,
} from './support/browser';

// The journeys people make, in order: a member logs a case, a coordinator brings in a new
// caseworker and assigns them, the caseworker keeps a private note, and two people edit at once.
let browser: Browser;
const stamp = Date.now().toString(36);
const member = {
  name: `Margaret Ellison ${stamp}`,
  email: `margaret-${stamp}@example.test`,
  password: 'correct horse battery',
};
const newCaseworker = {
  name: `Dev Caseworker ${stamp}`,
  email: `dev-${stamp}@example.test`,
  password: 'another long password',
};
let caseUrl = '';

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function chooseDate(
  page: Page,
  precision: string,
  parts: { day?: string; month?: string; year: string },
  prefix = 'imposedOn',
) {
  await page.getByLabel(precision).check();
  if (parts.day) await page.locator(`#${prefix}-day`).fill(parts.day);
  if (parts.month) await page.locator(`#${prefix}-month`).selectOption(parts.month);
  await page.locator(`#${prefix}-year`).fill(parts.year);
}

test('a member signs up on a phone and logs their case, fixing a mistake on the way', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(member.name);
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Choose a password').fill(member.password);
  await page.getByLabel('Type the password again').fill(member.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Email verification: the link from the email, then the password chosen, creates the account and signs in.
  await visible(page.getByRole('heading', { name: 'Check your email' }));
  await page.goto(await linkFromOutbox(member.email, /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/));
  await page.getByLabel('The password you chose').fill(member.password);
  await page.getByRole('button', { name: 'Confirm and continue' }).click();
  await page.waitForURL('**/cases/new');

  // Step 1: a bad membership number is refused next to the field; the name typed stays.
  expect(await page.getByLabel('Your full name').inputValue()).toBe(member.name);
  await page.getByLabel(/Your membership number/).fill('L0123!!');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await visible(page.getByText('Use only letters, numbers, spaces, dashes or slashes'));
  await page.getByLabel(/Your membership number/).fill('L0123456');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await visible(page.getByRole('heading', { name: /Step 2 of 5/ }));
  await visible(page.getByText(/Progress saved at/));

  // Step 2: branch and roles.
  await page.getByLabel(/Your region/).selectOption({ index: 1 });
  await page.getByLabel(/Your local branch/).selectOption({ index: 1 });
  const region = (await page.locator('#regionId option:checked').innerText()).trim();
  const branch = (await page.locator('#branchId option:checked').innerText()).trim();
  await page.getByLabel('Chair').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: an impossible date is caught, then corrected.
  await page.getByLabel('What was done to you?').selectOption('ADMINISTRATIVE_SUSPENSION');
  await chooseDate(page, 'I know the exact day', { day: '31', month: '2', year: '2022' });
  await page.getByLabel('Who did it?').selectOption('GENERAL_SECRETARY');
  await page.getByLabel('What reason did they give?').selectOption('MOTION');
  await page.getByLabel(/Their exact words/).fill('You allowed a motion to be debated that was ruled out of order.');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await visible(page.getByText(/That date does not exist/));
  await page.locator('#imposedOn-day').fill('14');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4, then leave and come back: the draft is kept.
  await page.getByLabel('Appeal the decision').check();
  await page.getByLabel('Be reinstated').check();
  await page.getByRole('button', { name: 'Save and finish later' }).click();
  await page.waitForURL('**/cases');
  await page.getByRole('link', { name: 'Carry on where you left off' }).click();
  await visible(page.getByRole('heading', { name: /Step 4 of 5/ }));
  expect(await page.getByLabel('Be reinstated').isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 5 shows everything that will be sent, step by step, and nothing runs off the phone's screen.
  const check = async (section: string) => page.getByRole('region', { name: section }).innerText();
  expect(await check('About you')).toMatch(
    new RegExp(`Name\\s+${member.name}\\s+Membership number\\s+L0123456\\s+Phone\\s+Not given`),
  );
  expect(await check('Your branch')).toMatch(
    new RegExp(`Region\\s+${region}\\s+Local branch\\s+${branch}\\s+Roles you held\\s+Chair`),
  );
  const happened = await check('What happened');
  for (const text of [
    'Administrative suspension (pending investigation)',
    'When it happened\n14 Feb 2022',
    'General Secretary',
    'Allowed, moved or debated a motion',
    'You allowed a motion to be debated',
  ]) {
    expect(happened).toContain(text);
  }
  expect(await check('What you want')).toMatch(/Appeal the decision, Be reinstated/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'intake-check-phone');
  // "Change" goes back to the step, and the way forward again keeps every answer.
  await page.getByRole('button', { name: 'Change your branch' }).click();
  await visible(page.getByRole('heading', { name: /Step 2 of 5/ }));
  for (const n of [3, 4, 5]) {
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await visible(page.getByRole('heading', { name: new RegExp(`Step ${n} of 5`) }));
  }
  expect(await check('Your branch')).toContain(branch);

  // Consent is required.
  await page.getByRole('button', { name: 'Send my case' }).click();
  await visible(page.getByText(/Tick the box so that/));
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel(/I agree that the network/).check();
  await page.getByRole('button', { name: 'Send my case' }).click();
  await page.waitForURL(/\/cases\/RS-\d{4}-\d{4}\?created=1/);
  caseUrl = new URL(page.url()).pathname;
  await visible(page.getByText('Your case has been sent'));
  await visible(page.getByText('You allowed a motion to be debated'));
  await visible(page.getByText('14 Feb 2022'));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'member-case-phone');
  await context.close();
});

test('a coordinator invites a caseworker, who sets a password and is assigned the new case', async () => {
  const coord = await newPage(browser, 'desktop');
  await signIn(coord.page, DEMO.coordinator);
  await coord.page.goto('/team');
  await coord.page.getByLabel('Their name').fill(newCaseworker.name);
  await coord.page.getByLabel('Their email address').fill(newCaseworker.email);
  await coord.page.getByRole('button', { name: 'Send invitation' }).click();
  await visible(coord.page.getByText(`Invitation sent to ${newCaseworker.email}`));
  expect(await axeViolations(coord.page)).toEqual([]);

  const link = latestOutboxMail(newCaseworker.email).match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  expect(link).toBeDefined();
  const cw = await newPage(browser, 'phone');
  await cw.page.goto(link!);
  await cw.page.getByLabel('Choose a password').fill(newCaseworker.password);
  await cw.page.getByLabel('Type the password again').fill(newCaseworker.password);
  await cw.page.getByRole('button', { name: 'Set password and sign in' }).click();
  await cw.page.waitForURL('**/cases');
  await visible(cw.page.getByText('No cases are assigned to you yet'));

  // The link works once.
  const again = await newPage(browser, 'phone');
  await again.page.goto(link!);
  await visible(again.page.getByText('This link no longer works'));
  await again.context.close();

  await coord.page.goto(`${caseUrl}?tab=details`);
  await coord.page.getByLabel('Assign a caseworker').selectOption({ label: newCaseworker.name });
  await coord.page.getByRole('button', { name: 'Assign', exact: true }).click();
  await visible(coord.page.getByRole('button', { name: `Unassign ${newCaseworker.name}` }));
  await screenshot(coord.page, 'coordinator-case-details-desktop');

  await cw.page.reload();
  await visible(cw.page.getByRole('link', { name: member.name }));
  await coord.context.close();
  await cw.context.close();
});

test('a caseworker adds a caseworkers-only note that the member never sees', async () => {
  const cw = await newPage(browser, 'desktop');
  await signIn(cw.page, newCaseworker);
  await cw.page.goto(caseUrl);
  await cw.page.getByRole('button', { name: 'Add to the timeline' }).click();
  await cw.page.getByLabel('What kind of event?').selectOption('NOTE');
  await chooseDate(cw.page, 'I know the month and year', { month: '3', year: '2022' }, 'date');
  await cw.page.getByLabel('Short title').fill('Private: branch secretary may be a witness');
  await cw.page.getByLabel(/Caseworkers only/).check();
  await cw.page.getByRole('button', { name: 'Add to the timeline' }).last().click();
  await visible(cw.page.getByText('Added to the timeline.'));
  await visible(cw.page.getByText('Private: branch secretary may be a witness'));
  await visible(cw.page.getByText('Caseworkers only', { exact: true }));
  await screenshot(cw.page, 'caseworker-timeline-desktop');

  const m = await newPage(browser, 'phone');
  await signIn(m.page, member);
  const response = await m.page.goto(caseUrl);
  const html = await response!.text();
  expect(html).not.toContain('branch secretary may be a witness'); // not even in the page data
  expect(await m.page.getByText('Private: branch secretary').count()).toBe(0);
  await m.page.goto(`${caseUrl}?tab=activity`);
  await visible(m.page.getByText(`${newCaseworker.name} (caseworker)`).first());
  await cw.context.close();
  await m.context.close();
});

test('a member starts a second case, keeps the draft through a failed discard, then discards it: "Log another case" comes back', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, member);
  const logAnother = page.getByRole('link', { name: 'Log another case' });
  await logAnother.click();
  await page.getByLabel(/Your membership number/).fill('L0123456');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await visible(page.getByText(/Progress saved at/));
  await page.getByLabel(/Your region/).selectOption({ index: 2 });

  // The connection drops as they discard: told so next to the button, and nothing they typed is lost.
  await page.getByRole('button', { name: 'Discard this draft' }).click();
  await visible(page.getByText('Discard everything you have typed so far?'));
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Yes, discard it' }).click();
  await visible(page.getByText('Your draft has not been discarded'));
  await context.setOffline(false);
  expect(await page.locator('#regionId option:checked').innerText()).not.toBe('Choose…');
  expect(await page.getByRole('heading', { name: /Step 2 of 5/ }).count()).toBe(1);
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await page.getByRole('button', { name: 'Save and finish later' }).click();
  await page.waitForURL('**/cases');

  // While a draft is kept, the cases page offers to carry on or discard it, not to start another.
  await visible(page.getByText('You have started telling us about your case.'));
  expect(await logAnother.count()).toBe(0);
  await page.getByRole('button', { name: 'Discard this draft' }).click();
  await visible(page.getByRole('group', { name: 'Discard everything you have typed so far?' }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'discard-draft-question-phone');
  await page.getByRole('button', { name: 'Yes, discard it' }).click();
  await visible(logAnother);
  expect(await page.getByText('You have started telling us about your case.').count()).toBe(0);
  // Gone for good: the form starts afresh.
  await logAnother.click();
  await visible(page.getByRole('heading', { name: /Step 1 of 5/ }));
  expect(await page.getByLabel(/Your membership number/).inputValue()).toBe('');
  await context.close();
});

const TAB_NAMES = ['Timeline', 'Evidence', 'Letters', 'Bundle', 'Review', 'Details', 'Activity'];

test('on a phone every case tab is on screen, the current one marked, and the Activity tab reads as sentences by day', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, member);
  const tabs = page.getByRole('navigation', { name: 'Case sections' }).getByRole('link');
  const width = await page.evaluate(() => window.innerWidth);
  for (const name of TAB_NAMES) {
    await page.goto(`${caseUrl}${name === 'Timeline' ? '' : `?tab=${name.toLowerCase()}`}`);
    expect(await tabs.allInnerTexts()).toEqual(TAB_NAMES);
    // Every tab wholly inside the screen's width (no sideways scrolling to find one), the current one marked.
    for (const box of await Promise.all((await tabs.all()).map((t) => t.boundingBox()))) {
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    const current = page.getByRole('navigation', { name: 'Case sections' }).locator('[aria-current="page"]');
    expect(await current.allInnerTexts()).toEqual([name]);
    // Nothing on any tab is wider than the phone.
    expect({ name, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ name, width });
  }

  // On a tablet too (a grid of four to a row until all seven fit in one).
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const box of await Promise.all((await tabs.all()).map((t) => t.boundingBox())))
    expect(box!.x + box!.width).toBeLessThanOrEqual(768);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await screenshot(page, 'member-case-tabs-tablet');
  await page.setViewportSize({ width, height: 844 });

  // By keyboard, one tab after another.
  await tabs.first().focus();
  for (const name of TAB_NAMES.slice(1)) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name);
  }

  // Activity (the last tab, once off screen): sentences in plain words under "Today", for this member.
  const activity = page.getByRole('region', { name: 'Activity' });
  const today = activity.getByRole('region', { name: 'Today' });
  await visible(today);
  const sentences = await today.getByRole('listitem').allInnerTexts();
  expect(sentences.join('\n')).toContain(`${newCaseworker.name} (caseworker) opened your case`);
  expect(sentences.join('\n')).toContain('You sent in your case');
  expect(sentences.join('\n')).toContain('You opened your case');
  for (const line of sentences)
    expect(line).toMatch(/^\d\d:\d\d\s+(You|[A-Z][^(]+ \((caseworker|coordinator)\)|Reinstate) [a-z]/);
  // Repeats in a row are one line with a count (this member opened the case on each tab above).
  expect(sentences.join('\n')).toMatch(/You opened your case \d+ times, the first at \d\d:\d\d/);
  const bare = sentences.map((l) => l.replace(/^\d\d:\d\d\s+/, '').replace(/ \d+ times, the first at .*$/, ''));
  expect(bare.filter((l, i) => l === bare[i - 1])).toEqual([]);
  const text = await activity.innerText();
  expect(text).not.toMatch(/\b[a-z_]+\.[a-z_-]+\b/); // no raw action names such as case.view
  expect(text).not.toMatch(/Details|Fields|203\.0|127\.0|::1/); // no field names, no addresses
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'member-activity-phone');
  await context.close();

  // Staff, at desktop width: "the case", and the fields and address under Details.
  const coord = await newPage(browser, 'desktop');
  await signIn(coord.page, DEMO.coordinator);
  await coord.page.goto(`${caseUrl}?tab=activity`);
  const first = coord.page
    .getByRole('region', { name: 'Today' })
    .getByRole('listitem')
    .filter({ hasText: `${member.name} (member) opened the case` })
    .first();
  await visible(first);
  await first.getByText('Details').click();
  await visible(first.getByText('From'));
  expect(await axeViolations(coord.page)).toEqual([]);
  await screenshot(coord.page, 'coordinator-activity-desktop');
  await coord.page.goto(caseUrl);
  await screenshot(coord.page, 'coordinator-case-tabs-desktop');
  await coord.context.close();
});

test('two people edit the same entry: the second gets a clear conflict and keeps their text', async () => {
  const a = await newPage(browser, 'desktop');
  const b = await newPage(browser, 'desktop');
  await signIn(a.page, newCaseworker);
  await signIn(b.page, DEMO.coordinator);
  for (const p of [a.page, b.page]) {
    await p.goto(caseUrl);
    await p.getByRole('button', { name: /^Edit “Private: branch secretary/ }).click();
  }
  await a.page.getByLabel('Short title').fill('Edited by the caseworker');
  await a.page.getByRole('button', { name: 'Save changes' }).click();
  await visible(a.page.getByText('Changes saved.'));

  await b.page.getByLabel('Short title').fill('Edited by the coordinator');
  await b.page.getByRole('button', { name: 'Save changes' }).click();
  await visible(b.page.getByText(/Someone else changed this while you were editing/));
  expect(await b.page.getByLabel('Short title').inputValue()).toBe('Edited by the coordinator');
  await visible(b.page.getByText('Edited by the caseworker')); // the latest saved version, refreshed above the form
  await screenshot(b.page, 'conflict-desktop');

  // Saving again after seeing the latest version is a deliberate overwrite.
  await b.page.getByRole('button', { name: 'Save changes' }).click();
  await visible(b.page.getByText('Changes saved.'));
  await a.page.reload();
  await visible(a.page.getByText('Edited by the coordinator'));
  await a.context.close();
  await b.context.close();
});

test('sign-in gives one answer for unknown and known emails, then delays, never locks', async () => {
  const { context, page } = await newPage(browser, 'phone');
  const tryLogin = async (email: string, password: string) => {
    await page.goto('/login');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'We could not sign you in' });
    await visible(alert);
    return alert.first().innerText();
  };
  const waitOf = (text: string) => Number(/wait (\d+) second/.exec(text)?.[1] ?? 0);
  const unknown = await tryLogin(`nobody-${stamp}@example.test`, 'wrong password 1');
  const known = await tryLogin(member.email, 'wrong password 1');
  expect(known).toBe(unknown);
  expect(known).toMatch(/do not match an account/);
  // Nine wrong passwords in all (waiting whenever told to): each further one doubles the wait. After nine, the
  // wait is 16 s: time enough for the next page, two fields and a click on a loaded machine (after eight, 8 s was
  // not always).
  for (let failures = 1; failures < 9; ) {
    const text = await tryLogin(member.email, 'wrong password 2');
    if (/do not match/.test(text)) failures++;
    else await new Promise((r) => setTimeout(r, waitOf(text) * 1000));
  }
  const delayed = await tryLogin(member.email, member.password);
  expect(delayed).toMatch(/Too many attempts to sign in\. For your safety, please wait \d+ seconds and try again\./);
  await screenshot(page, 'sign-in-delayed-phone');
  // A delay, not a lock: once it has passed, the right password works.
  await new Promise((r) => setTimeout(r, (waitOf(delayed) + 1) * 1000));
  await page.goto('/login');
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/cases');
  await context.close();
}, 120_000);

test('the accessibility check every journey uses finds what it is there to find', async () => {
  // axeViolations runs axe in the page (legacy mode) with detail for violations only: it must still report them.
  const { context, page } = await newPage(browser, 'phone');
  await page.setContent(
    '<html><head><title>Planted</title></head><body><main><img src="data:,"><button></button>' +
      '<p style="color:#bbb;background:#fff">Faint text</p></main></body></html>',
  );
  const found = (await axeViolations(page)).map((v) => v.split(':')[0]);
  expect(found).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'button-name', 'color-contrast']));
  await context.close();
});

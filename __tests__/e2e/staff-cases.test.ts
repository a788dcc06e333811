import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, linkFromOutbox, newPage, screenshot, signIn, visible } from './support/browser';

// Issue 10, points 1 and 2: a caseworker enters a phone referral (desktop) and gets a claim link; the member,
// on a phone in a browser of their own, opens it, creates an account, claims the case and corrects a detail.
let browser: Browser;
const stamp = Date.now().toString(36);
const member = {
  name: `Olive Brennan ${stamp}`,
  email: `olive-${stamp}@example.test`,
  password: 'tea at four o’clock',
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a phone referral is opened by a caseworker, and claimed by the member on a phone', async () => {
  // ---- The caseworker, at a desk, during the call.
  const desk = await newPage(browser, 'desktop');
  const staff = desk.page;
  await signIn(staff, DEMO.caseworker);
  await staff.getByRole('link', { name: 'Open a case for a member' }).click();
  await visible(staff.getByRole('heading', { name: 'Open a case for a member' }));

  // Everything but the name: refused next to the field, and what was typed stays.
  await staff.getByLabel(/Membership number/).fill('L0555123');
  await staff.getByLabel(/Phone number/).fill('01632 960 555');
  await staff.getByLabel(/Postal address/).fill('12 Weaver Street\nHarrowdale\nHD9 1XX');
  await staff.getByLabel(/^Region/).selectOption({ index: 1 });
  await staff.getByLabel(/Local branch/).selectOption({ index: 1 });
  await staff.getByLabel('What was done to them?').selectOption('SUSPENSION');
  await staff.getByLabel('I know the month and year').check();
  await staff.locator('#imposedOn-month').selectOption('9');
  await staff.locator('#imposedOn-year').fill('2026');
  await staff.getByLabel('Who did it?').selectOption('GENERAL_SECRETARY');
  await staff.getByLabel('What reason were they given?').selectOption('MOTION');
  await staff.getByLabel('Appeal the decision').check();
  await staff.getByLabel(/^Summary/).fill('Rang the helpline; no email at home, her son will help.');
  await staff.getByLabel('How did they agree?').selectOption('BY_PHONE');
  await staff.getByLabel(/Note for staff/).fill('Agreed on the call; form posted for signature.');
  await staff.getByRole('button', { name: 'Open the case' }).click();
  await visible(staff.getByRole('alert').filter({ hasText: 'Enter the member’s full name' }));
  expect(await staff.getByLabel(/Postal address/).inputValue()).toBe('12 Weaver Street\nHarrowdale\nHD9 1XX');
  expect(await axeViolations(staff)).toEqual([]);
  await screenshot(staff, 'caseworker-case-for-member-desktop');

  await staff.getByLabel('Full name').fill(member.name);
  await staff.getByRole('button', { name: 'Open the case' }).click();
  await staff.waitForURL(/\/cases\/RS-\d{4}-\d{4}\/claim\?created=1$/);
  const reference = /\/cases\/(RS-\d{4}-\d{4})\//.exec(staff.url())![1]!;
  await visible(staff.getByText(`${reference} has been opened for ${member.name}`));

  // The link, read out on the phone (no email given).
  await staff.getByRole('button', { name: 'Make a link' }).click();
  const link = (await staff.getByTestId('claim-link').innerText()).trim();
  expect(link).toMatch(/\/claim\/[A-Za-z0-9_-]{43}$/);
  await visible(staff.getByText('Not used yet'));
  expect(await axeViolations(staff)).toEqual([]);
  await screenshot(staff, 'caseworker-claim-link-desktop');

  // ---- The member, on a phone, in a browser of their own.
  const phone = await newPage(browser, 'phone');
  const m = phone.page;
  await m.goto(new URL(link).pathname);
  await visible(m.getByRole('heading', { name: 'A caseworker has recorded your case' }));
  expect(await axeViolations(m)).toEqual([]);
  await screenshot(m, 'member-claim-link-phone');
  await m.getByRole('link', { name: 'Create an account' }).click();
  await m.getByLabel('Your name').fill(member.name);
  await m.getByLabel('Email address').fill(member.email);
  await m.getByLabel('Choose a password').fill(member.password);
  await m.getByLabel('Type the password again').fill(member.password);
  await m.getByRole('button', { name: 'Create account' }).click();
  await visible(m.getByRole('heading', { name: 'Check your email' }));
  await m.goto(await linkFromOutbox(member.email, /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/));
  await m.getByLabel('The password you chose').fill(member.password);
  await m.getByRole('button', { name: 'Confirm and continue' }).click();

  // Back to the link, signed in: confirm.
  await m.waitForURL(/\/claim\//);
  await visible(m.getByRole('heading', { name: 'Add your case to your account' }));
  await visible(m.getByText(member.name, { exact: false }).first());
  expect(await axeViolations(m)).toEqual([]);
  await screenshot(m, 'member-claim-confirm-phone');
  await m.getByRole('button', { name: 'Add this case to my account' }).click();
  await m.waitForURL(`**/cases/${reference}?claimed=1`);
  await visible(m.getByText('The case is on your account'));
  await visible(m.getByRole('heading', { name: member.name }));
  expect(await axeViolations(m)).toEqual([]);
  await screenshot(m, 'member-claimed-case-phone');

  // The member corrects their phone number; the Activity tab says so in words.
  await m.goto(`/cases/${reference}?tab=details`);
  await m.getByRole('link', { name: 'Edit details' }).click();
  await visible(m.getByRole('heading', { name: 'Your details' }));
  await visible(m.getByText('These details are shared by all your cases'));
  expect(await m.getByLabel(/Postal address/).inputValue()).toBe('12 Weaver Street\nHarrowdale\nHD9 1XX');
  await m.getByLabel(/Phone number/).fill('07700 900 555');
  await m.getByRole('button', { name: 'Save details' }).click();
  await visible(m.getByText('Your details have been saved.'));
  expect(await axeViolations(m)).toEqual([]);
  await screenshot(m, 'member-edit-details-phone');
  await m.goto(`/cases/${reference}?tab=activity`);
  await visible(m.getByText('You changed your phone number').first());
  await visible(m.getByText('You linked your case to your account').first());
  expect(await m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The link works once: opened again it says the case is already theirs.
  await m.goto(new URL(link).pathname);
  await visible(m.getByRole('heading', { name: 'This case is on your account' }));

  // The caseworker sees the link used, and still has the case.
  await staff.reload();
  await visible(staff.getByText('Used', { exact: true }));
  await visible(staff.getByText('Already on the member’s account'));
  await phone.context.close();
  await desk.context.close();
});

test('a staff account is refused plainly, and a link that was turned off says so', async () => {
  const desk = await newPage(browser, 'desktop');
  const staff = desk.page;
  await signIn(staff, DEMO.coordinator);
  await staff.goto('/cases/new/for-member?q=Whitworth');
  await visible(staff.getByText('Doris Whitworth').first());
  // The demo's phone referral has a link waiting (made by the seed; its token is printed nowhere): turn it off.
  await staff.getByRole('link', { name: 'Add a case for Doris Whitworth' }).waitFor();
  const reference = /RS-\d{4}-\d{4}/.exec(
    await staff.locator('li', { hasText: 'Doris Whitworth' }).first().innerText(),
  )![0];
  await staff.goto(`/cases/${reference}/claim`);
  await staff.getByRole('button', { name: 'Make a link' }).click();
  const link = (await staff.getByTestId('claim-link').innerText()).trim();
  await visible(staff.getByText('Turned off').first()); // the seed's link, replaced by the new one

  // A coordinator opening the member's link is told it is for the member.
  await staff.goto(new URL(link).pathname);
  await visible(staff.getByRole('heading', { name: 'This link is for the member' }));
  expect(await staff.getByRole('button', { name: 'Add this case to my account' }).count()).toBe(0);
  expect(await axeViolations(staff)).toEqual([]);
  await screenshot(staff, 'coordinator-claim-refused-desktop');

  // Turned off: the member's browser reads it plainly.
  await staff.goto(`/cases/${reference}/claim`);
  await staff.getByRole('button', { name: 'Turn off this link' }).click();
  await visible(staff.getByText('Turned off').nth(1));
  const phone = await newPage(browser, 'phone');
  await phone.page.goto(new URL(link).pathname);
  await visible(phone.page.getByRole('heading', { name: 'This link no longer works' }));
  await visible(phone.page.getByText('This link was turned off by the network.'));
  expect(await axeViolations(phone.page)).toEqual([]);
  await phone.context.close();
  await desk.context.close();
});

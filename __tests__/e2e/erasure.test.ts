import type { Browser } from 'playwright-core';
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

// Issue 13, point 3: a member asks for their data to be erased on a phone; a coordinator approves; the member's
// account is gone (signed out, cannot sign in again) and the outbox keeps no email to them.
let browser: Browser;
const stamp = Date.now().toString(36);
const member = {
  name: `Erin Erasure ${stamp}`,
  email: `erin-${stamp}@example.test`,
  password: `erase me ${stamp} now`,
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a member asks for erasure, the coordinator approves, and the member can no longer sign in', async () => {
  // A new member (the demo member is shared with other journeys): sign up, confirm, start logging a case.
  const { page } = await newPage(browser, 'phone');
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(member.name);
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Choose a password').fill(member.password);
  await page.getByLabel('Type the password again').fill(member.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await visible(page.getByRole('heading', { name: 'Check your email' }));
  await page.goto(await linkFromOutbox(member.email, /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/));
  await page.getByLabel('The password you chose').fill(member.password);
  await page.getByRole('button', { name: 'Confirm and continue' }).click();
  await page.waitForURL('**/cases/new');
  await page.getByLabel(/Your membership number/).fill(`E${stamp}`.slice(0, 10));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await visible(page.getByRole('heading', { name: /Step 2 of 5/ }));

  // The Account page explains what erasure means, then asks for a confirmation before sending.
  await page.goto('/account');
  await visible(page.getByRole('heading', { name: 'Erase my data' }));
  await visible(page.getByText('it cannot be undone.'));
  await page.getByRole('button', { name: 'Ask for my data to be erased' }).click();
  await page.getByRole('button', { name: 'Yes, ask to erase my data' }).click();
  await visible(page.getByText('Tick the box to say you understand.'));
  await page.getByLabel(/I understand that if this is agreed/).check();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Yes, ask to erase my data' }).click();
  await visible(page.getByText('We have your request'));
  // The section fits the phone's width (the page's own details list above it is not this journey's).
  const section = await page.locator('section[aria-labelledby="erasure-heading"]').boundingBox();
  expect(section!.x + section!.width).toBeLessThanOrEqual(390);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'member-erasure-requested-phone');

  // The coordinator sees the request with the member's case state, and approves after a yes/no question.
  const staff = await newPage(browser, 'desktop');
  await signIn(staff.page, DEMO.coordinator);
  await staff.page.getByRole('link', { name: 'Erasure', exact: true }).click();
  await visible(staff.page.getByRole('heading', { name: 'Erasure requests' }));
  // A request made by phone can be logged too; someone who cannot be found is said so next to the field.
  await staff.page.getByText('Log a request made by letter, email or phone').click();
  await staff.page.getByLabel('Who asked?').fill('RS-1999-99999');
  await staff.page.getByRole('button', { name: 'Log the request' }).click();
  await visible(staff.page.getByText('We could not find anyone with that case reference'));
  const item = staff.page.getByRole('listitem').filter({ hasText: member.name });
  await visible(item.getByText('Waiting for a decision'));
  expect(await axeViolations(staff.page)).toEqual([]);
  await item.getByRole('button', { name: 'Approve and erase' }).click();
  await visible(item.getByText(`Erase everything held about ${member.name}?`));
  await screenshot(staff.page, 'coordinator-erasure-confirm-desktop');
  await item.getByRole('button', { name: 'Yes, erase now' }).click();
  await visible(staff.page.getByText(/Erased: 0 cases and 0 stored files/));
  // Once the list refreshes the request reads "Erased member", with its counts, and no longer names them.
  await staff.page.getByRole('heading', { name: member.name }).waitFor({ state: 'detached' });
  await visible(
    staff.page.getByRole('listitem').filter({ hasText: 'Erased member' }).getByText('Erased', { exact: true }),
  );
  await visible(staff.page.getByText(/Erased: 0 cases and 0 stored files/));
  expect(await staff.page.getByText(member.name).count()).toBe(0);
  expect(await axeViolations(staff.page)).toEqual([]);
  await screenshot(staff.page, 'coordinator-erasure-done-desktop');

  // The member's session is gone: the next page asks them to sign in, and signing in fails.
  await page.goto('/account');
  await page.waitForURL('**/login**');
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await visible(page.getByRole('alert'));
  expect(page.url()).toContain('/login');
  await screenshot(page, 'member-erased-sign-in-phone');

  // No email to them is kept in the outbox (the verification, and the confirmation of the erasure itself).
  expect(() => latestOutboxMail(member.email)).toThrow(/No mail/);
});

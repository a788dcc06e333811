import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateSync } from 'otplib';
import {
  DEMO,
  axeViolations,
  baseUrl,
  latestOutboxMail,
  launch,
  linkFromOutbox,
  newPage,
  screenshot,
  signIn,
  visible,
} from './support/browser';

// Sessions and two-step sign-in, as people meet them: a new caseworker sets up an authenticator app in
// their grace period, signs in with it, adds a passkey (Chromium's virtual authenticator) and signs in
// with that, loses their phone and uses a recovery code, is reset by a coordinator; a member signs up with
// email verification and resets a forgotten password; signing out ends even a copied cookie. Only accounts
// made here are changed: the demo accounts other suites sign in with keep password-only sign-in.
let browser: Browser;
const stamp = Date.now().toString(36);
const caseworker = {
  name: `Tess Twostep ${stamp}`,
  email: `tess-${stamp}@example.test`,
  password: 'tess has a long password',
};
const member = { name: `Owen Member ${stamp}`, email: `owen-${stamp}@example.test`, password: 'owen first password' };
let totpSecret = '';
let recoveryCodes: string[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A code the server has not accepted yet. The server takes the step before the current 30-second step, the
 * current one and the next, and each step's code once (a later step each time): a test signing in again soon
 * after uses the next step not yet used, or waits for one. The step before is used only with more than 10 s of it
 * left to be accepted, so a slow page (a loaded machine) does not carry it past its end.
 */
let lastStep = 0;
async function nextCode(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const current = Math.floor(now / 30);
  const earliest = (current + 1) * 30 - now > 10 ? current - 1 : current;
  const step = Math.max(earliest, lastStep + 1);
  if (step > current + 1) await new Promise((r) => setTimeout(r, ((step - 1) * 30 - now + 1) * 1000));
  lastStep = step;
  return generateSync({ secret: totpSecret, epoch: step * 30 });
}

async function passwordStep(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function cookieOf(context: BrowserContext): Promise<string> {
  const c = (await context.cookies()).find((k) => k.name === 'next-auth.session-token');
  if (!c) throw new Error('No session cookie');
  return `${c.name}=${c.value}`;
}

const get = (path: string, cookie: string) => fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: { cookie } });

test('a new caseworker signs in during the grace period and sets up an authenticator app, with recovery codes', async () => {
  const coord = await newPage(browser, 'desktop');
  await signIn(coord.page, DEMO.coordinator);
  await coord.page.goto('/team');
  await coord.page.getByLabel('Their name').fill(caseworker.name);
  await coord.page.getByLabel('Their email address').fill(caseworker.email);
  await coord.page.getByRole('button', { name: 'Send invitation' }).click();
  await visible(coord.page.getByText(`Invitation sent to ${caseworker.email}`));
  await coord.context.close();

  const link = latestOutboxMail(caseworker.email).match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)![0];
  const { context, page } = await newPage(browser, 'phone');
  await page.goto(link);
  await page.getByLabel('Choose a password').fill(caseworker.password);
  await page.getByLabel('Type the password again').fill(caseworker.password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL('**/cases');
  // Grace period: everything works, with a reminder on every page.
  await visible(page.getByText(/Set up two-step sign-in by/));
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Set it up now' }).click();
  await page.waitForURL('**/account/two-step');
  await visible(page.getByText('Required for your role'));

  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  totpSecret = secret;
  await visible(page.getByRole('img', { name: /QR code/ }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'mfa-setup-app-phone');
  // A wrong code is refused next to the field; the right one turns it on.
  await page.getByLabel('6-digit code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await visible(page.getByText(/That code does not match/));
  lastStep = 0; // a new secret: no step of it used yet
  await page.getByLabel('6-digit code from the app').fill(await nextCode());
  await page.getByRole('button', { name: 'Turn on' }).click();
  await visible(page.getByRole('heading', { name: 'Save your recovery codes now' }));
  recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'mfa-recovery-codes-phone');
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await page.waitForURL('**/cases');
  expect(await page.getByText(/Set up two-step sign-in by/).count()).toBe(0);
  await context.close();
});

test('the caseworker signs in with the password and then a code from the app', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await passwordStep(page, caseworker);
  await visible(page.getByRole('heading', { name: 'Second step' }));
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('6-digit code from your authenticator app').fill('123456');
  await page.getByRole('button', { name: 'Continue' }).click();
  await visible(page.getByText(/That code is not right/));
  await screenshot(page, 'mfa-second-step-phone');
  await page.getByLabel('6-digit code from your authenticator app').fill(await nextCode());
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/cases');
  // The password alone opens nothing: next-auth's endpoint refuses it for this account.
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrf.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    },
    body: new URLSearchParams({ csrfToken, email: caseworker.email, password: caseworker.password, json: 'true' }),
  });
  expect(res.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='))).toBe(false);
  await context.close();
});

test('the caseworker adds a passkey and signs in with it (Chromium virtual authenticator)', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await passwordStep(page, caseworker);
  await page.getByLabel('6-digit code from your authenticator app').fill(await nextCode());
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/cases');

  await page.goto('/account/two-step');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await visible(page.getByText(/Give it a name you will recognise/));
  await page.getByLabel('Name for a new passkey').fill('Test laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await visible(page.getByText('Test laptop', { exact: true }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'mfa-passkey-added-desktop');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/login');
  await passwordStep(page, caseworker);
  await page.getByRole('button', { name: 'Use your passkey instead' }).click();
  await page.getByRole('button', { name: 'Use your passkey', exact: true }).click();
  await page.waitForURL('**/cases');
  await context.close();
});

test('a lost phone: a recovery code (after the password) signs in once, and then only the set-up page opens', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await passwordStep(page, caseworker);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill('aaaa-bbbb-cccc-dddd');
  await page.getByRole('button', { name: 'Continue' }).click();
  await visible(page.getByText(/That recovery code is not right/));
  const used = recoveryCodes[0]!;
  await page.getByLabel('Recovery code').fill(used);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/account/two-step');
  await visible(page.getByText('Set up two-step sign-in to continue'));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'mfa-must-enrol-phone');

  // Every other page and route sends them back here, decided on the server.
  const cookie = await cookieOf(context);
  for (const path of ['/cases', '/deadlines', '/account']) {
    const res = await get(path, cookie);
    expect({ path, status: res.status, location: res.headers.get('location') }).toEqual({
      path,
      status: 307,
      location: '/account/two-step',
    });
  }
  expect((await get('/api/bundles/cnotarealbundleid00000000', cookie)).status).toBe(401);
  expect((await get('/account/two-step', cookie)).status).toBe(200);

  // Setting up again (the old app and passkey were removed) opens everything again.
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  totpSecret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  lastStep = 0; // a new secret: no step of it used yet
  await page.getByLabel('6-digit code from the app').fill(await nextCode());
  await page.getByRole('button', { name: 'Turn on' }).click();
  recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
  expect((await get('/cases', cookie)).status).toBe(200);
  await context.close();

  // The used code does not work a second time.
  const again = await newPage(browser, 'phone');
  await passwordStep(again.page, caseworker);
  await again.page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await again.page.getByLabel('Recovery code').fill(used);
  await again.page.getByRole('button', { name: 'Continue' }).click();
  await visible(again.page.getByText(/That recovery code is not right/));
  await again.context.close();
});

test('a coordinator resets the caseworker’s two-step sign-in: they are signed out, told, and must set it up again', async () => {
  const cw = await newPage(browser, 'phone');
  await passwordStep(cw.page, caseworker);
  await cw.page.getByLabel('6-digit code from your authenticator app').fill(await nextCode());
  await cw.page.getByRole('button', { name: 'Continue' }).click();
  await cw.page.waitForURL('**/cases');

  const coord = await newPage(browser, 'desktop');
  await signIn(coord.page, DEMO.coordinator);
  await coord.page.goto('/team');
  await coord.page.getByRole('button', { name: `Reset two-step sign-in for ${caseworker.name}` }).click();
  await visible(coord.page.getByText(/signs them out everywhere/));
  expect(await axeViolations(coord.page)).toEqual([]);
  await coord.page.getByRole('button', { name: `Yes, reset ${caseworker.name}’s two-step sign-in` }).click();
  await visible(
    coord.page.getByText(
      `Two-step sign-in was reset for ${caseworker.name}. They have been signed out and told by email.`,
    ),
  );
  await screenshot(coord.page, 'mfa-team-reset-desktop');
  expect(latestOutboxMail(caseworker.email)).toContain('Subject: Your Reinstate two-step sign-in was reset');
  await coord.context.close();

  // Their open session has ended.
  await cw.page.reload();
  await cw.page.waitForURL('**/login');
  // The password alone now signs in, to the set-up page only.
  await passwordStep(cw.page, caseworker);
  await cw.page.waitForURL('**/account/two-step');
  await visible(cw.page.getByText('Set up two-step sign-in to continue'));
  await cw.context.close();
});

test('a member signs up with email verification, is offered two-step sign-in, and resets a forgotten password', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(member.name);
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Choose a password').fill(member.password);
  await page.getByLabel('Type the password again').fill(member.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await visible(page.getByRole('heading', { name: 'Check your email' }));
  const verify = await linkFromOutbox(member.email, /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/);
  await page.goto(verify);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('The password you chose').fill(member.password);
  await page.getByRole('button', { name: 'Confirm and continue' }).click();
  await page.waitForURL('**/cases/new');
  await page.goto('/account');
  await visible(page.getByText(/Off\. Turn it on so that your password alone/));
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/login');

  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.waitForURL('**/forgot-password');
  await page.waitForLoadState('networkidle'); // the form's script is running (a press before it posts the page back, empty)
  await page.getByLabel('Email address').fill(member.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await visible(page.getByRole('heading', { name: 'Check your email' }));
  expect(await axeViolations(page)).toEqual([]);
  const reset = await linkFromOutbox(member.email, /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/);
  await page.goto(reset);
  await page.getByLabel('New password', { exact: true }).fill('owen second password');
  await page.getByLabel('Type the new password again').fill('owen second password');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await page.waitForURL('**/login?reset=1');
  await visible(page.getByText(/Your password has been changed/));
  await signIn(page, { email: member.email, password: 'owen second password' });
  // The link worked once.
  await page.goto(reset);
  await visible(page.getByText('This link no longer works'));
  await context.close();
});

test('signing out ends the session on the server: a copied cookie stops working', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.member);
  const copied = await cookieOf(context);
  expect((await get('/cases', copied)).status).toBe(200);
  // Polling /api/auth/session does not move the session's end.
  const ends = async () => ((await (await get('/api/auth/session', copied)).json()) as { expires?: string }).expires;
  const first = await ends();
  await new Promise((r) => setTimeout(r, 1100));
  expect(await ends()).toBe(first);
  expect(new Date(first!).getTime() - Date.now()).toBeLessThanOrEqual(8 * 3600_000);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/login');
  const res = await get('/cases', copied);
  expect(res.status).toBe(307);
  expect(res.headers.get('location')).toMatch(/\/login$/);
  expect(await (await get('/api/auth/session', copied)).json()).toEqual({});
  await context.close();
});

test('throttling counts the socket address: a made-up X-Forwarded-For does not escape it', async () => {
  // Wrong passwords for made-up accounts, each claiming to come from a different address. The server
  // counts them all against the connection's real address, so after the free allowance they are delayed.
  const tryOnce = async (i: number) => {
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: csrf.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
        'x-forwarded-for': `198.51.100.${i}`,
        'x-real-ip': `203.0.113.${i}`,
        'x-reinstate-client': `198.51.100.${i} forged`,
      },
      body: new URLSearchParams({
        csrfToken,
        email: `nobody-${stamp}-${i}@example.test`,
        password: 'wrong',
        json: 'true',
      }),
    });
    return decodeURIComponent(new URL(((await res.json()) as { url: string }).url).searchParams.get('error') ?? '');
  };
  let delayed = '';
  for (let i = 1; i <= 40 && !delayed; i++) {
    const error = await tryOnce(i);
    if (/Too many attempts/.test(error)) delayed = error;
  }
  expect(delayed).toMatch(/please wait \d+ seconds?/);
  // Wait the delay out, so nothing after this test is slowed.
  await new Promise((r) => setTimeout(r, (Number(/wait (\d+)/.exec(delayed)![1]) + 1) * 1000));
}, 120_000);

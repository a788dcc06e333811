import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

function shared(name: 'E2E_BASE_URL' | 'E2E_DATA_DIR'): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: this suite needs the shared demo server, but it ran in the group of suites with servers of ` +
        'their own (scripts/test-e2e.ts, PRIVATE_SERVER_SUITES)',
    );
  return value;
}
export const baseUrl = () => shared('E2E_BASE_URL');
export const dataDir = () => shared('E2E_DATA_DIR');
export const year = new Date().getUTCFullYear();
export const ref = (n: number) => `RS-${year}-${String(n).padStart(4, '0')}`;

export const DEMO = {
  coordinator: { email: 'coordinator@demo.reinstate.test', password: 'demo-coordinator-pass' },
  caseworker: { email: 'caseworker@demo.reinstate.test', password: 'demo-caseworker-pass' },
  caseworker2: { email: 'caseworker2@demo.reinstate.test', password: 'demo-caseworker2-pass' },
  member: { email: 'member@demo.reinstate.test', password: 'demo-member-pass' },
} as const;

// Debian's Chromium, as on every machine of this kind; playwright never downloads a browser here.
export async function launch(): Promise<Browser> {
  // playwright gives every launch a fresh, empty profile directory of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(
  browser: Browser,
  viewport: 'phone' | 'desktop' = 'phone',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: viewport === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    baseURL: baseUrl(),
  });
  const page = await context.newPage();
  return { context, page };
}

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/cases');
}

const shots = path.resolve(__dirname, '../../../test-results/screenshots');
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** WCAG 2.1 AA checks with axe; returns the violations so the test can show them. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Next streams metadata: after a server action refreshes the page, <title> is put back a moment
  // later. Check the settled page; a page that never gets a title still fails below.
  // A refresh that lands while axe reads the page takes the title away again (CI, 3 Dec 2026, after an invitation
  // was sent): then the title is waited for once more and the page read again.
  const titled = () =>
    page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 10_000 }).catch(() => undefined);
  // In the page itself (legacy mode: the pages have no frames, so there are no partial results to gather in a
  // blank page of their own) and with full detail for violations only (passes and the rest are not used): the same
  // rules and violations at about half the time (a statistics page 3.3 s to 1.5 s, 5 Dec 2026), and the browser
  // journeys run about 60 of them.
  const analyze = () =>
    new AxeBuilder({ page })
      .options({ resultTypes: ['violations'] })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .setLegacyMode(true)
      .analyze();
  await titled();
  let result = await analyze();
  if (result.violations.some((v) => v.id === 'document-title')) {
    await titled();
    result = await analyze();
  }
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes
        .slice(0, 2)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

/** The newest .eml the app wrote to its outbox for this address (no SMTP_URL in browser tests). */
export function latestOutboxMail(to: string): string {
  const dir = path.join(dataDir(), 'outbox');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (text.includes(`To: ${to}`)) return text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  }
  throw new Error(`No mail to ${to} in ${dir}`);
}

/**
 * The first link matching `pattern` in the newest mail to an address, waiting for it: sign-up and
 * password-reset emails are sent just after the page has answered.
 */
export async function linkFromOutbox(to: string, pattern: RegExp, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const link = (() => {
      try {
        return latestOutboxMail(to).match(pattern)?.[0];
      } catch {
        return undefined;
      }
    })();
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} with a link like ${pattern}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A session cookie for HTTP-level tests, through next-auth's own credentials endpoint. */
export async function sessionCookie(who: { email: string; password: string }): Promise<string> {
  const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`Sign-in failed for ${who.email}`);
  return session;
}

/** Waits until the first match is visible (playwright-core has no auto-waiting expect). */
export async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/**
 * Waits until React has hydrated the first match (its DOM node carries React's props): a form whose submit
 * is handled in the browser does nothing useful when clicked before that, and after a reload that moment
 * comes later the busier the machine is.
 */
export async function hydrated(locator: Locator, timeout = 15_000): Promise<void> {
  const element = locator.first();
  await element.waitFor({ state: 'attached', timeout });
  await element
    .page()
    .waitForFunction(
      (el) => !!el && Object.keys(el).some((k) => k.startsWith('__reactProps$')),
      await element.elementHandle(),
      { timeout },
    );
}

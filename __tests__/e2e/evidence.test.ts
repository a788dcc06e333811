import type { Browser, Request } from 'playwright-core';
import { DEMO, axeViolations, hydrated, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a member uploads two files: one refused with its reason, the other filed with its fingerprint', async () => {
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.member);
  await page.goto(`/cases/${ref(5)}?tab=evidence`);
  await visible(page.getByRole('heading', { name: 'Evidence' }));
  await page.locator('input[type=file]').setInputFiles([
    { name: 'suspension-letter.pdf', mimeType: 'application/pdf', buffer: PDF },
    {
      name: 'not-really.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
    },
  ]);
  await visible(page.getByRole('alert').filter({ hasText: 'not-really.pdf:' }));
  await visible(page.getByText('Filed.'));
  await page.reload();
  await visible(page.getByText('suspension-letter.pdf', { exact: false }));
  const sha = (await page.locator('code').allInnerTexts()).find((t) => /^[0-9a-f]{64}$/.test(t));
  expect(sha).toBeDefined();
  expect(await page.getByText('not-really').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  // Nothing may push the page wider than a phone (long addresses and fingerprints wrap).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'member-evidence-phone');

  // The fingerprint check recomputes from storage.
  await page
    .getByRole('button', { name: /Check fingerprint of E\d+/ })
    .first()
    .click();
  await visible(page.getByText('Fingerprint matches'));
  await context.close();
});

/** The member's evidence tab on a desktop, once the uploader answers to files. */
async function memberEvidenceTab() {
  const opened = await newPage(browser, 'desktop');
  await signIn(opened.page, DEMO.member);
  await opened.page.goto(`/cases/${ref(5)}?tab=evidence`);
  await hydrated(opened.page.locator('input[type=file]'));
  return opened;
}

test('forty-five small files dropped at once go up twenty to a request, at most three requests at once, and the filed list is fetched once', async () => {
  const { context, page } = await memberEvidenceTab();
  // While a preview is being made (an earlier test's file, or one of these once the list has been fetched again),
  // the preview watcher fetches the list on its own timer, 1.5 s after it appears and again further apart, but
  // never while the page is hidden: the page is made to say it is hidden, so every refresh counted is the
  // uploader's.
  await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }));
  let going = 0;
  let most = 0;
  let requests = 0;
  // What the page asked of the server, in order: 'U' an upload's answer came, 'R' the page was fetched again.
  const events: ('U' | 'R')[] = [];
  let lastAnswer = 0;
  const isUpload = (r: Request) => r.method() === 'POST' && /\/api\/cases\/[^/]+\/evidence$/.test(r.url());
  page.on('request', (r) => {
    if (isUpload(r)) {
      requests++;
      most = Math.max(most, ++going);
    }
    // router.refresh(): the page's server components fetched again.
    else if (r.method() === 'GET' && r.headers()['rsc'] === '1' && new URL(r.url()).pathname === `/cases/${ref(5)}`)
      events.push('R');
  });
  // An upload has ended for the page once its answer has come (the browser may report the request finished
  // after the next one has already started).
  page.on('response', (res) => {
    if (!isUpload(res.request())) return;
    going--;
    events.push('U');
    lastAnswer = Date.now();
  });
  page.on('requestfailed', (r) => {
    if (isUpload(r)) going--;
  });
  const tag = Date.now().toString(36);
  const names = Array.from({ length: 45 }, (_, i) => `batch-${tag}-${i + 1}.pdf`);
  // No later than the uploader starts counting its 10 s.
  const added = Date.now();
  await page
    .locator('input[type=file]')
    .setInputFiles(names.map((name) => ({ name, mimeType: 'application/pdf', buffer: PDF })));
  await visible(page.getByText('Filed.').nth(44), 90_000);
  expect(await page.getByText('Filed.').count()).toBe(45);
  // The filed list (rendered by the server) shows all of them without a reload, numbered in the order dropped.
  const filed = page.locator('section[aria-labelledby="evidence-heading"] > ol');
  for (const name of names) await visible(filed.getByText(name, { exact: false }));
  const exhibit = async (name: string) =>
    Number(/E(\d+)/.exec(await filed.locator('li', { hasText: name }).first().innerText())?.[1] ?? Number.NaN);
  // A group's files are numbered together, in order (the groups themselves are filed as each arrives).
  const numbers = await Promise.all([0, 19, 20, 39, 40, 44].map((i) => exhibit(names[i]!)));
  expect([numbers[1]! - numbers[0]!, numbers[3]! - numbers[2]!, numbers[5]! - numbers[4]!]).toEqual([19, 19, 4]);
  // Twenty, twenty and five: three requests instead of forty-five, all three going up together.
  expect(requests).toBe(3);
  expect(most).toBeGreaterThan(1);
  expect(most).toBeLessThanOrEqual(3);
  // The uploader used to refresh the page after every file. Now: once the batch has gone up (right after the
  // last answer), and while it is still going up at most once in 10 s (none on a quick machine; a loaded one may
  // take longer than that).
  const last = events.lastIndexOf('U');
  expect(events.slice(last + 1)).toEqual(['R']);
  const during = events.slice(0, last).filter((e) => e === 'R').length;
  expect(during).toBeLessThanOrEqual(Math.floor((lastAnswer - added) / 10_000));
  await context.close();
}, 150_000);

test('Cancel on one file of a group stops it; the others go up again without it and are filed', async () => {
  const { context, page } = await memberEvidenceTab();
  // The first request is held until the person has pressed Cancel; the ones after it go through.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let first = true;
  const sent: string[] = [];
  await page.route('**/api/cases/*/evidence', async (route) => {
    sent.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
    if (first) {
      first = false;
      await held;
      await route.continue().catch(() => undefined); // the page has given it up
      return;
    }
    await route.continue();
  });
  const tag = Date.now().toString(36);
  const names = ['a', 'b', 'c'].map((n) => `group-${tag}-${n}.pdf`);
  await page
    .locator('input[type=file]')
    .setInputFiles(names.map((name) => ({ name, mimeType: 'application/pdf', buffer: PDF })));
  await page.getByRole('button', { name: `Cancel uploading ${names[1]}` }).click();
  await visible(page.getByText(`${names[1]}: cancelled. Nothing was filed.`));
  await visible(page.getByText('Filed.', { exact: true }).nth(1), 30_000);
  release();
  const filed = page.locator('section[aria-labelledby="evidence-heading"] > ol');
  await visible(filed.getByText(names[2]!, { exact: false }));
  await visible(filed.getByText(names[0]!, { exact: false }));
  expect(await page.getByText('Filed.', { exact: true }).count()).toBe(2);
  // The request given up is not filed later either.
  await page.waitForTimeout(1000);
  await page.reload();
  await visible(filed.getByText(names[2]!, { exact: false }));
  expect(await filed.getByText(names[1]!, { exact: false }).count()).toBe(0);
  // Sent twice: the group of three, then the two left, in one request.
  expect(sent).toHaveLength(2);
  expect(names.map((n) => sent[0]!.includes(n))).toEqual([true, true, true]);
  expect(names.map((n) => sent[1]!.includes(n))).toEqual([true, false, true]);
  await context.close();
});

test('a preview made after the answer appears on the page without a reload', async () => {
  const { context, page } = await memberEvidenceTab();
  // Set on this document: a reload or a navigation would lose it.
  await page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));
  const name = `thumb-${Date.now().toString(36)}.pdf`;
  await page.locator('input[type=file]').setInputFiles([{ name, mimeType: 'application/pdf', buffer: PDF }]);
  await visible(page.getByText('Filed.'));
  const item = page.locator('section[aria-labelledby="evidence-heading"] > ol > li', { hasText: name });
  await visible(item.getByRole('img', { name: /^Preview of E\d+$/ }), 30_000);
  expect(await item.getByText('Preview being made').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await context.close();
});

test('leaving the page while files are still going up asks first; once they are filed it does not', async () => {
  const { context, page } = await memberEvidenceTab();
  // The upload is held until the test lets it go.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/cases/*/evidence', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('heading', { name: 'Evidence' }).click(); // Chromium asks only on a page the person has used
  await page
    .locator('input[type=file]')
    .setInputFiles([{ name: `held-${Date.now().toString(36)}.pdf`, mimeType: 'application/pdf', buffer: PDF }]);
  await visible(page.getByRole('button', { name: /Cancel uploading held-/ }));
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.dismiss(); // stay on the page
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);
  release();
  await visible(page.getByText('Filed.'));
  // Nothing is going up any more: the page closes without asking.
  let askedAgain = false;
  page.on('dialog', (d) => {
    askedAgain = true;
    void d.accept();
  });
  // With runBeforeUnload the browser closes the page in its own time: wait for it to say so.
  const closed = page.waitForEvent('close', { timeout: 15_000 });
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(askedAgain).toBe(false);
  expect(page.isClosed()).toBe(true);
  await context.close();
});

test('a 12 MB file streams through the real server intact (no body cap, fingerprint matches)', async () => {
  const crypto = await import('node:crypto');
  const { baseUrl, sessionCookie } = await import('./support/browser');
  const cookie = await sessionCookie(DEMO.member);
  const body = Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    crypto.randomBytes(12 * 1024 * 1024),
    Buffer.from('\n%%EOF\n'),
  ]);
  const res = await fetch(`${baseUrl()}/api/cases/${ref(5)}/evidence`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      cookie,
      'x-file-name': 'big-bundle.pdf',
      'content-type': 'application/pdf',
      'content-length': String(body.length),
    },
  });
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: { id: string; sha256: string; sizeBytes: number } };
  expect(data.sizeBytes).toBe(body.length);
  expect(data.sha256).toBe(crypto.createHash('sha256').update(body).digest('hex'));
  const dl = await fetch(`${baseUrl()}/api/evidence/${data.id}/download`, { headers: { cookie } });
  expect(dl.status).toBe(200);
  expect(
    crypto
      .createHash('sha256')
      .update(Buffer.from(await dl.arrayBuffer()))
      .digest('hex'),
  ).toBe(data.sha256);
});

test('a group of two 6 MB files goes through the real server whole (the proxy, which cuts bodies at 10 MB, is not in its way); junk multipart is a 422', async () => {
  const crypto = await import('node:crypto');
  const { baseUrl, sessionCookie } = await import('./support/browser');
  const cookie = await sessionCookie(DEMO.member);
  const pdf = () =>
    Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(6 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
  const files = [pdf(), pdf()];
  const form = new FormData();
  files.forEach((f, i) =>
    form.append('file', new Blob([new Uint8Array(f)], { type: 'application/pdf' }), `part-${i}.pdf`),
  );
  const res = await fetch(`${baseUrl()}/api/cases/${ref(5)}/evidence`, {
    method: 'POST',
    body: form,
    headers: { cookie, 'x-file-count': '2' },
  });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { files: { filed?: { sha256: string; sizeBytes: number } }[] } };
  expect(data.files.map((f) => f.filed?.sha256)).toEqual(
    files.map((f) => crypto.createHash('sha256').update(f).digest('hex')),
  );
  // Not well-formed multipart: the route's own clear refusal, not Next's 500.
  const junk = await fetch(`${baseUrl()}/api/cases/${ref(5)}/evidence`, {
    method: 'POST',
    body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut off',
    headers: { cookie, 'x-file-count': '1', 'content-type': 'multipart/form-data; boundary=x' },
  });
  expect(junk.status).toBe(422);
  expect(((await junk.json()) as { error: string }).error).toMatch(/could not be read|said 1 file/);
  // Elsewhere a multipart POST is still refused before Next reads it as a form.
  const elsewhere = await fetch(`${baseUrl()}/api/cases/${ref(5)}/evidence/x`, {
    method: 'POST',
    body: 'x',
    headers: { cookie, 'content-type': 'multipart/form-data; boundary=x' },
  });
  expect(elsewhere.status).toBe(415);
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, screenshot, signIn, visible } from './support/browser';

// Issue 12, points 2 and 3: a coordinator opens the statistics, applies the officers-and-debate view in one
// click, and downloads the network report. Reads only (no other suite's data changes).
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a coordinator opens the statistics, applies the officers-and-debate view and downloads the report', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.coordinator);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statistics' }).click();
  await visible(page.getByRole('heading', { name: 'Statistics', level: 1 }));
  await visible(page.getByText('Every case in the network.'));
  // Each chart is an SVG drawn on the server with a title, and a table beside it.
  await visible(page.getByRole('img', { name: /Cases by sanction type \(chart\)/ }));
  await visible(page.getByRole('table', { name: 'Cases by sanction type' }));
  // The demo network's headline figures are published (a breakdown by region once hid them in every table).
  const headline = await page.locator('section[aria-labelledby="headline-heading"] dd').allInnerTexts();
  expect(headline.slice(0, 2).map((t) => /^\d+\b/.test(t))).toEqual([true, true]);
  // The day the figures were worked out, as a UK date ("4 Dec 2026"; "Sep", not the "Sept" of some ICU versions).
  const [d, m, y] = new Date()
    .toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .split('/')
    .map(Number);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m! - 1];
  await visible(page.getByText(`Figures as at ${d} ${month} ${y}.`));
  // Cells and rows come without their end tags (statistics-markup.ts): the browser builds each table with one
  // cell per column in every row, and nothing nested in a cell.
  const shapes = await page.$$eval('table.stat-table', (tables) =>
    (tables as HTMLTableElement[]).map((t) => ({
      columns: t.tHead!.rows[0]!.cells.length,
      cellsPerRow: [...t.tBodies[0]!.rows, ...(t.tFoot ? [...t.tFoot.rows] : [])].map((r) => r.cells.length),
      bodyRows: t.tBodies[0]!.rows.length,
      rowHeads: t.tBodies[0]!.querySelectorAll('tr > th[scope="row"]:first-child').length,
      nested: t.querySelectorAll('td *, th *').length,
      bodies: t.tBodies.length,
    })),
  );
  expect(shapes.length).toBeGreaterThan(8);
  for (const shape of shapes)
    expect(shape).toEqual({
      ...shape,
      cellsPerRow: shape.cellsPerRow.map(() => shape.columns),
      rowHeads: shape.bodyRows,
      nested: 0,
      bodies: 1,
    });
  // The page's RSC payload (the data Next writes into it for hydration) holds no character above U+00FF: the
  // dashes and quotes of its copy and markup go out as character references (lib/ui/markup.ts, latin1), and one
  // such character would make Next escape the whole payload as a two-byte string, a quarter of the page's cost.
  const html = await (await page.request.get('/statistics')).text();
  const payload = [...html.matchAll(/self\.__next_f\.push\(\[1,(.*?)\]\)<\/script>/gs)].map((m) => m[1]).join('');
  expect(payload.length).toBeGreaterThan(10_000);
  expect(payload.match(/[^\x00-\xff]/gu) ?? []).toEqual([]);
  // The text itself still reads with its dashes and quotes.
  await visible(page.getByText('a count of 0 to 4 shows as “fewer than 5”', { exact: false }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-statistics-desktop');

  await page.getByRole('link', { name: 'Branch officers suspended for allowing a debate' }).click();
  await page.waitForURL(/role=BRANCH_OFFICER/);
  expect(page.url()).toMatch(/reason=MOTION/);
  await visible(
    page.getByText(
      /Filters: Stated reason: Allowed, moved or debated a motion; Holds or held the role: Branch officer/,
    ),
  );
  expect(await page.getByLabel('Role held', { exact: true }).inputValue()).toBe('BRANCH_OFFICER');
  // The demo has only a handful of such cases: no table cell shows a number from 1 to 4.
  const cells = await page.locator('main td').allInnerTexts();
  expect(cells.length).toBeGreaterThan(0);
  for (const text of cells.filter((t) => /^[\d,]+$/.test(t.trim()))) {
    const n = Number(text.replace(/,/g, ''));
    expect([text, n === 0 || n >= 5]).toEqual([text, true]);
  }
  // No figure links to anyone's case.
  expect(await page.locator('main a[href^="/cases/"]').count()).toBe(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the report (PDF)' }).click(),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-e2e-'));
  const file = path.join(dir, 'report.pdf');
  await download.saveAs(file);
  execFileSync('qpdf', ['--check', file]);
  const pages = execFileSync('pdftotext', ['-layout', file, '-'])
    .toString()
    .split('\f')
    .filter((p) => p.trim());
  expect(pages.length).toBeGreaterThanOrEqual(4);
  pages.forEach((page, i) => {
    const text = page.replace(/\s+/g, ' ');
    expect(text).toContain('Every case in the network');
    expect(text).toMatch(/figures as at \d{1,2} \w{3,4} \d{4}/);
    expect(text).toContain('Holds or held the role: Branch officer');
    expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
  });
  expect(pages[0]).toContain('Network report');
  expect(pages[1]).toContain('Index');
  fs.rmSync(dir, { recursive: true });

  // On a phone the page still reads (tables scroll, charts scale).
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'coordinator-statistics-phone');

  // A filter that nobody matches reads as one that a few match: no figure, no table, only what to do next.
  await page.goto('/statistics?role=MP');
  await visible(page.getByText('Fewer than 5 cases match these filters'));
  await visible(page.getByText('Change or clear the filters above to include more cases.'));
  expect(await page.locator('main table').count()).toBe(0);
  await context.close();
});

test('a caseworker sees figures for their own cases only; a member is told the page does not exist', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.caseworker);
  await page.goto('/statistics');
  await visible(page.getByText('Only the cases assigned to you.'));
  await context.close();
  const member = await newPage(browser, 'phone');
  await signIn(member.page, DEMO.member);
  expect(await member.page.getByRole('link', { name: 'Statistics' }).count()).toBe(0);
  const res = await member.page.goto('/statistics');
  expect(res?.status()).toBe(404);
  await member.context.close();
});

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, screenshot, signIn, visible } from './support/browser';

// Issue 12, point 4: a coordinator imports a region's sheet of suspended officers (saved from Excel: a
// byte-order mark and semicolons), fixes the two rows with problems on the page, and imports; then exports
// the case list (point 5).
let browser: Browser;
const stamp = Date.now().toString(36);
const HEAD = 'Name;Membership no;Branch;Role;Sanction;Date suspended;Reason;Consent;Consent date;Notes';
const rows = Array.from({ length: 30 }, (_, i) =>
  [
    `Officer ${stamp} ${String(i + 1).padStart(2, '0')}`,
    `NW${stamp}${i}`,
    i % 2 ? 'Kelder Valley' : 'Brindle Cross',
    i % 3 ? 'Secretary' : 'Chair',
    'Administrative suspension',
    ['Dec 2020', '2017', '03/04/2021'][i % 3],
    'Allowed a debate',
    'In writing',
    '01/02/2025',
    i === 4 ? '"Moved the motion; said so\nat the next meeting"' : '',
  ].join(';'),
);
// Row 4 of the sheet has no name; row 9 a date nobody can read.
rows[2] = rows[2]!.replace(`Officer ${stamp} 03`, '');
rows[7] = rows[7]!.replace(/;(Dec 2020|2017|03\/04\/2021);/, ';spring 2021;');

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a coordinator imports a sheet, fixes two rows, imports, and exports the list', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'north-west.csv');
  fs.writeFileSync(file, `\uFEFF${[HEAD, ...rows].join('\r\n')}\r\n`);

  const { page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.coordinator);
  await page.getByRole('link', { name: 'Import a spreadsheet' }).click();
  await visible(page.getByRole('heading', { name: 'Import a spreadsheet' }));
  await page.getByLabel('CSV file').setInputFiles(file);
  await visible(page.getByText('north-west.csv: 30 rows, 10 columns.'));

  // The headings map themselves but for one; the coordinator maps it and saves the mapping.
  expect(await page.getByLabel('Column “Name”').inputValue()).toBe('fullName');
  await page.getByLabel('Column “Notes”').selectOption('summary');
  await page.getByLabel('Save this mapping for the next sheet').fill(`North West ${stamp}`);
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await visible(page.getByText(`Saved as “North West ${stamp}”.`));
  await page.getByRole('button', { name: 'Check the rows' }).click();

  // Problems first, each named.
  await visible(page.getByText('28 rows are ready, 2 have problems'));
  const rowList = page.getByRole('list', { name: 'Rows of the sheet' });
  const first = rowList.getByRole('listitem').first();
  await visible(first.getByText('Row 4'));
  await visible(first.getByText('Full name: The name is missing'));
  await visible(rowList.getByText('Imposed on (date): The date “spring 2021” cannot be read', { exact: false }));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-import-check-desktop');

  // Fix both on the page.
  await page.getByRole('button', { name: 'Fix row 4' }).click();
  await page.locator('#row-4-0').fill(`Officer ${stamp} 03`);
  await page.getByRole('button', { name: 'Save row 4 and check again' }).click();
  await visible(page.getByText('29 rows are ready, 1 has problems'));
  await page.getByRole('button', { name: 'Fix row 9' }).click();
  await page.locator('#row-9-5').fill('May 2021');
  await page.getByRole('button', { name: 'Save row 9 and check again' }).click();
  await visible(page.getByText('30 rows are ready, 0 have problems'));

  await page.getByRole('button', { name: 'Import 30 rows' }).click();
  await visible(page.getByText('Imported 30 cases'), 60_000);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-import-done-desktop');

  // The cases are on the list, as staff-entered cases; the list exports as CSV with its filters.
  await page.goto(`/cases?q=${encodeURIComponent(`Officer ${stamp}`)}`);
  await visible(page.getByText('30 cases'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.trim().split('\r\n')).toHaveLength(31);
  expect(csv).toContain(`Officer ${stamp} 03`);
  expect(csv).toContain('May 2021');
});

test('a phone shows the import page without horizontal scrolling', async () => {
  const { page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.coordinator);
  await page.goto('/import');
  await visible(page.getByLabel('CSV file'));
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'coordinator-import-phone');
});

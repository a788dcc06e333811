import type { Browser, Page } from 'playwright-core';
import { DEMO, axeViolations, launch, newPage, ref, screenshot, signIn, visible } from './support/browser';

// Issue 10, point 6: deadlines follow the process. Case 6 of the demo (an offline member, assigned to the
// demo caseworker) is used by no other browser suite.
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const ukDay = (iso: string) =>
  new Date(`${iso}T00:00:00Z`)
    .toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
    .replace('Sept', 'Sep');

async function addDecision(
  page: Page,
  isoDate: string,
  title: string,
  outcome: 'It went against the member' | 'It went in the member’s favour' | null,
) {
  await page.getByRole('button', { name: 'Add to the timeline' }).click();
  await page.getByLabel('What kind of event?').selectOption('DECISION');
  await page.getByLabel('I know the exact day').check();
  const [y, m, d] = isoDate.split('-').map(Number);
  await page.locator('#date-day').fill(String(d));
  await page.locator('#date-month').selectOption(String(m));
  await page.locator('#date-year').fill(String(y));
  await page.getByLabel('Short title').fill(title);
  if (outcome) await page.getByLabel(outcome).check();
  await page.getByRole('button', { name: 'Add to the timeline' }).last().click();
}

test('a favourable decision opens no appeal window; an appeal letter saved as sent meets the window', async () => {
  const { context, page } = await newPage(browser, 'desktop');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(6)}`);

  // The form asks how the decision went, and says so next to the question when it is not answered.
  await addDecision(page, daysAgo(3), 'NEC panel: suspension upheld', null);
  await visible(page.getByRole('alert').filter({ hasText: 'Say whether the decision went against the member' }));
  expect(await page.getByLabel('Short title').inputValue()).toBe('NEC panel: suspension upheld'); // what was typed is kept
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-decision-outcome-desktop');
  await page.getByLabel('It went against the member').check();
  await page.getByRole('button', { name: 'Add to the timeline' }).last().click();
  await visible(page.getByText('Added to the timeline.'));

  // A later decision in the member's favour: recorded, and no second appeal window.
  await addDecision(page, daysAgo(1), 'Regional office: branch meetings may resume', 'It went in the member’s favour');
  await visible(page.getByText('Added to the timeline.'));
  await visible(page.getByText('It went in the member’s favour.'));
  await page.getByText('All deadlines and how they were worked out').click();
  const appealRows = page.locator('#deadlines-heading ~ details li').filter({ hasText: 'Last day to appeal' });
  expect(await appealRows.count()).toBe(1);
  await visible(appealRows.filter({ hasText: 'From “NEC panel: suspension upheld”' }));
  await visible(appealRows.getByText('Due', { exact: true }));

  // The next step on that window: draft the appeal. It is about the decision that went against her.
  await appealRows.getByRole('link', { name: 'Draft an appeal against the decision' }).click();
  await visible(page.getByRole('heading', { name: 'Step 1 of 2: check the details' }));
  expect(await page.locator('#field-decision_date').inputValue()).toBe(daysAgo(3));
  const missing = await page
    .getByRole('status')
    .filter({ hasText: 'We could not find' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  for (const href of missing)
    await page
      .locator(href)
      .fill(href.includes('address') ? '1 Chapel Row\nCwm Tawel\nSA1 1AA' : 'The panel did not show her the evidence.');
  await page.getByRole('button', { name: 'Fill in the letter' }).click();
  await visible(page.getByRole('heading', { name: 'Step 2 of 2: read and edit the letter' }));
  await visible(
    page.getByText(
      'Saving it records on the timeline that the appeal was lodged on this day, which meets the deadline to appeal.',
    ),
  );
  expect(await page.getByLabel('Date the party received it').count()).toBe(0); // asked on a subject access request only
  await page.getByRole('button', { name: 'Save as sent' }).click();
  await visible(page.getByText('Letter saved'));

  // Lodged on the timeline; the window reads "Met", answered today.
  await page.goto(`/cases/${ref(6)}`);
  await visible(page.getByText(/^Appeal against a decision sent to/));
  await page.getByText('All deadlines and how they were worked out').click();
  const window = page.locator('#deadlines-heading ~ details li').filter({ hasText: 'Last day to appeal' });
  await visible(window.getByText('Met', { exact: true }));
  await visible(window.getByText(`Met: answered on ${ukDay(daysAgo(0))}.`));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-appeal-met-desktop');
  await context.close();
});

test('several deadlines are waived at once, for one reason; "no appeal offered" closes the appeal window with the reason', async () => {
  // Case 4 (re-suspended; assigned to the demo caseworker; used by no other browser suite) has an overdue SAR.
  const { context, page } = await newPage(browser, 'phone');
  await signIn(page, DEMO.caseworker);
  await page.goto(`/cases/${ref(4)}`);
  // A letter sent, typed on the timeline, that asked for a reply within 14 days: a second deadline.
  await page.getByRole('button', { name: 'Add to the timeline' }).click();
  await page.getByLabel('What kind of event?').selectOption('LETTER_SENT');
  await page.getByLabel('I know the exact day').check();
  const [y, m, d] = daysAgo(2).split('-').map(Number);
  await page.locator('#date-day').fill(String(d));
  await page.locator('#date-month').selectOption(String(m));
  await page.locator('#date-year').fill(String(y));
  await page.getByLabel('Did the letter ask for a reply within a number of days?').fill('14');
  await page.getByLabel('Short title').fill('Letter asking for the new evidence');
  await page.getByRole('button', { name: 'Add to the timeline' }).last().click();
  await visible(page.getByText('Added to the timeline.'));
  await visible(page.getByText('Asked for a reply within 14 days.'));

  await page.getByText('All deadlines and how they were worked out').click();
  await page.getByRole('button', { name: 'Waive several at once…' }).click();
  await page.getByRole('button', { name: 'Waive the ticked deadlines' }).click();
  await visible(page.getByRole('alert').filter({ hasText: 'Tick at least one deadline to waive' }));
  const form = page.locator('form').filter({ hasText: 'Waive several deadlines at once' });
  await form.getByLabel(/Reply to the subject access request due/).check();
  await form.getByLabel(/Reply to the letter due .*Letter asking for the new evidence/).check();
  await form.getByLabel('Why do they no longer apply?').fill('Both answered by the solicitors in court');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-waive-several-phone');
  await form.getByRole('button', { name: 'Waive the ticked deadlines' }).click();
  await visible(page.getByText('2 deadlines waived.'));
  // The refreshed banner (it follows the confirmation): both rows waived, for the one reason.
  await visible(page.getByText('Waived: Both answered by the solicitors in court').nth(1));
  expect(await page.getByText('Waived: Both answered by the solicitors in court').count()).toBe(2);

  // The party says no appeal is open to him: the appeal window closes, with the reason, and is not overdue.
  await addDecision(page, daysAgo(40), 'Disputes panel: suspension continued', 'It went against the member');
  await visible(page.getByText('Added to the timeline.'));
  await visible(page.getByRole('heading', { name: /^Overdue: Last day to appeal/ }));
  await page.goto(`/cases/${ref(4)}?tab=details`);
  await page.getByLabel('Appeal status').selectOption('NOT_AVAILABLE');
  await page.getByRole('button', { name: 'Save stage and outcome' }).click();
  await visible(page.getByText('Stage and outcome saved.'));
  await page.goto(`/cases/${ref(4)}`);
  await visible(page.getByRole('heading', { name: 'No open deadlines' }));
  await page.getByText('All deadlines and how they were worked out').click();
  const closed = page
    .locator('#deadlines-heading ~ details li')
    .filter({ hasText: 'From “Disputes panel: suspension continued”' });
  await visible(closed.getByText('Closed', { exact: true }));
  await visible(closed.getByText('Closed: no appeal was offered.'));
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'caseworker-appeal-closed-phone');
  await context.close();
});

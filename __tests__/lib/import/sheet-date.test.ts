import { parseSheetDate, toIsoDay } from '@/lib/import/sheet-date';
import { matchBody, matchConsentMethod, matchReason, matchRoles, matchSanctionType } from '@/lib/import/choices';
import { suggestMapping } from '@/lib/import/fields';

// Dates as people type them into a sheet, read as the product's partial dates (UK order for numbers).
test.each([
  ['Dec 2020', { precision: 'MONTH', year: 2020, month: 12 }],
  ['december 2020', { precision: 'MONTH', year: 2020, month: 12 }],
  ['Sept 2021', { precision: 'MONTH', year: 2021, month: 9 }],
  ['Dec-20', { precision: 'MONTH', year: 2020, month: 12 }],
  ['2017', { precision: 'YEAR', year: 2017 }],
  ['c. 2017', { precision: 'APPROXIMATE', year: 2017 }],
  ['about 2017', { precision: 'APPROXIMATE', year: 2017 }],
  ['03/04/2021', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['3/4/21', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['3.4.2021', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['03/04/2021 00:00', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['2021-04-03', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['2021-04', { precision: 'MONTH', year: 2021, month: 4 }],
  ['04/2021', { precision: 'MONTH', year: 2021, month: 4 }],
  ['3 April 2021', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['3rd Apr 2021', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['April 3, 2021', { precision: 'DAY', year: 2021, month: 4, day: 3 }],
  ['29/02/2020', { precision: 'DAY', year: 2020, month: 2, day: 29 }],
])('%s', (text, expected) => {
  expect(parseSheetDate(text)).toEqual(expected);
});

test.each([
  '',
  'sometime',
  '31/02/2021',
  '29/02/2021',
  '13/13/2021',
  '2021-13',
  'Decembre 2020',
  '12/31/2021',
  'Ma 2020',
])('“%s” cannot be read', (text) => {
  expect(parseSheetDate(text)).toBeNull();
});

test('the consent day must be an exact day', () => {
  expect(toIsoDay(parseSheetDate('1/2/2025'))).toBe('2025-02-01');
  expect(toIsoDay(parseSheetDate('Feb 2025'))).toBeNull();
});

test('the product’s words, their keys and common short forms read as choices', () => {
  expect(matchSanctionType('Administrative suspension (pending investigation)')).toBe('ADMINISTRATIVE_SUSPENSION');
  expect(matchSanctionType('admin suspension')).toBe('ADMINISTRATIVE_SUSPENSION');
  expect(matchSanctionType('EXPULSION')).toBe('EXPULSION');
  expect(matchSanctionType('told off')).toBeUndefined();
  expect(matchBody('NEC')).toBe('NEC_DISPUTES_PANEL');
  expect(matchReason('Social media')).toBe('SOCIAL_MEDIA');
  expect(matchReason('"Conduct prejudicial" or "bringing the party into disrepute"')).toBe('PREJUDICIAL_CONDUCT');
  // Staff record how a member agreed: "online" is the member's own intake, never an import.
  expect(matchConsentMethod('by phone')).toBe('BY_PHONE');
  expect(matchConsentMethod('Online, by the member')).toBeUndefined();
  expect(matchRoles('Chair; cllr, Treasurer and MP')).toEqual({
    roles: ['Chair', 'Councillor', 'Treasurer', 'Member of Parliament'],
    unknown: [],
  });
  expect(matchRoles('Chair / Grand Wizard').unknown).toEqual(['Grand Wizard']);
});

test('a saved mapping is matched by heading; otherwise headings that read like a field map themselves', () => {
  expect(suggestMapping(['Surname and forename', 'CLP', 'Date'], { 'Surname and forename': 'fullName' })).toEqual([
    'fullName',
    '',
    '',
  ]);
  expect(suggestMapping(['Full name', 'CLP', 'Date', 'Unknown'])).toEqual(['fullName', 'branch', 'imposedOn', '']);
});

import { fieldValuesSchema, missingFields, prefillFields } from '@/lib/letters/context';
import { formatUkDay, isIsoDate, parseUkDay, todayInUk } from '@/lib/letters/uk-date';
import type { LetterField } from '@/lib/letters/templates';

// Filling in a template's fields: pre-filled from the case, missing ones listed, all checked by one
// schema that the browser form and the server share.

const field = (
  name: string,
  type: LetterField['type'],
  required: boolean,
  label: string,
  source: string | null = null,
): LetterField => ({ name, label, type, required, source });
const template = {
  fields: [
    field('sender_name', 'text', true, 'Your full name', 'member.fullName'),
    field('sender_address', 'multiline', true, 'Your postal address', 'member.address'),
    field('sent_on', 'date', true, 'The date you sent it', 'sar.sentOn'),
    field('imposed', 'text', false, 'When it was imposed', 'sanction.imposedOn'),
    field('window', 'number', false, 'Days allowed'),
    field('notes', 'multiline', false, 'Anything else'),
    field('ico_ref', 'text', false, 'ICO reference'),
  ],
};

test('prefill: values from the context, dates as ISO only when the day is known, blanks for the rest', () => {
  const values = prefillFields(template, {
    'member.fullName': 'Margaret Hollins',
    'member.address': null,
    'sar.sentOn': '10 Mar 2025',
    'sanction.imposedOn': 'Mar 2021',
  });
  expect(values).toEqual({
    sender_name: 'Margaret Hollins',
    sender_address: '',
    sent_on: '2025-03-10',
    imposed: 'Mar 2021',
    window: '',
    notes: '',
    ico_ref: '',
  });
  // A month-only date cannot fill a date box.
  expect(prefillFields(template, { 'sar.sentOn': 'Feb 2022' }).sent_on).toBe('');
  expect(prefillFields(template, { 'sar.sentOn': 'c. 2019' }).sent_on).toBe('');
  // A multiline value going into a one-line field is joined with commas.
  expect(
    prefillFields(
      { fields: [field('a', 'text', true, 'A', 'recipient.address')] },
      { 'recipient.address': 'Wycliffe House\nWater Lane' },
    ).a,
  ).toBe('Wycliffe House, Water Lane');
});

test('missing: required fields still blank, in order, whatever the whitespace', () => {
  expect(
    missingFields(template, { sender_name: '  ', sender_address: '1 High St', window: '' }).map((f) => f.name),
  ).toEqual(['sender_name', 'sent_on']);
  expect(missingFields(template, { sender_name: 'A', sender_address: 'B', sent_on: '2025-01-01' })).toEqual([]);
});

test('the schema names each field in plain English and tidies what it keeps', () => {
  const schema = fieldValuesSchema(template);
  const errors = (input: unknown) => {
    const r = schema.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? ''), i.message]));
  };
  expect(errors({})).toEqual({
    sender_name: 'Enter your full name',
    sender_address: 'Enter your postal address',
    sent_on: 'Enter the date you sent it',
  });
  expect(errors({ sender_name: 'A', sender_address: 'B', sent_on: '2025-02-30' })).toEqual({
    sent_on: 'Enter a real date for the date you sent it',
  });
  expect(errors({ sender_name: 'A', sender_address: 'B', sent_on: '3 Oct 2025' })).toEqual({
    sent_on: 'Enter a real date for the date you sent it',
  });
  expect(errors({ sender_name: 'A', sender_address: 'B', sent_on: '2025-10-03', window: '14.5' })).toEqual({
    window: 'Days allowed must be a whole number, like 14',
  });
  expect(errors({ sender_name: 'A', sender_address: 'B', sent_on: '2025-10-03', window: '-3' })).toEqual({
    window: 'Days allowed must be a whole number, like 14',
  });
  expect(errors({ sender_name: 'x'.repeat(301), sender_address: 'y'.repeat(5001), sent_on: '2025-10-03' })).toEqual({
    sender_name: 'Your full name must be 300 characters or fewer',
    sender_address: 'Your postal address must be 5000 characters or fewer',
  });
  expect(errors({ sender_name: 'A\u0000', sender_address: 'B', sent_on: '2025-10-03' })).toEqual({
    sender_name: 'Your full name contains characters that cannot be printed: retype it',
  });
  // Labels that start with an abbreviation keep their capitals.
  expect(
    fieldValuesSchema({ fields: [field('ico_ref', 'text', true, 'ICO reference')] }).safeParse({}).error?.issues[0]
      ?.message,
  ).toBe('Enter ICO reference');
  // Unknown names are refused, never passed through.
  expect(
    schema.safeParse({ sender_name: 'A', sender_address: 'B', sent_on: '2025-10-03', role: 'COORDINATOR' }).success,
  ).toBe(false);

  const ok = schema.parse({
    sender_name: '  Margaret\nHollins ',
    sender_address: '1 High St  \r\n\r\n\r\n\tKelder\n',
    sent_on: '2025-10-03',
    window: '14',
    notes: null,
  });
  expect(ok).toEqual({
    sender_name: 'Margaret, Hollins',
    sender_address: '1 High St\n\n Kelder',
    sent_on: '2025-10-03',
    imposed: '',
    window: '14',
    notes: '',
    ico_ref: '',
  });
});

test('UK dates: formatted, parsed back, and real calendar dates only', () => {
  expect(formatUkDay('2025-10-03')).toBe('3 Oct 2025');
  expect(formatUkDay('2024-02-29')).toBe('29 Feb 2024');
  expect(parseUkDay('3 Oct 2025')).toBe('2025-10-03');
  expect(parseUkDay('31 Apr 2025')).toBeNull();
  expect(parseUkDay('Oct 2025')).toBeNull();
  expect(isIsoDate('2023-02-29')).toBe(false);
  expect(isIsoDate('2024-02-29')).toBe(true);
  // Just after midnight in summer time is already the next day in the UK.
  expect(todayInUk(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
  expect(todayInUk(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
});

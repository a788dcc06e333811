import { submitIntakeAction } from '@/lib/intake/actions';
import { actAs, makeUser, type TestUser } from '../../helpers/factories';
import { validIntake } from './intake-input';
import { intakeFootprint } from './footprint';

// Every refusal is { ok: false, code: 'invalid' } with a message on the field, and writes nothing.
let member: TestUser;
let before: Awaited<ReturnType<typeof intakeFootprint>>;

beforeAll(async () => {
  member = await makeUser('MEMBER');
  before = await intakeFootprint(member.id);
});

beforeEach(() => actAs(member));

afterEach(async () => {
  expect(await intakeFootprint(member.id)).toEqual(before);
});

const submit = (overrides: Record<string, unknown>) => submitIntakeAction(validIntake(overrides as never));
const expectFieldError = async (overrides: Record<string, unknown>, field: string, message: string | RegExp) => {
  const res = await submit(overrides);
  expect(res).toMatchObject({ ok: false, code: 'invalid', error: 'Please check the highlighted fields.' });
  if (res.ok) return;
  expect(res.fieldErrors?.[field]).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
};

describe('submitIntakeAction refuses bad input and writes nothing', () => {
  it('refuses oversized text, naming the limit', async () => {
    await expectFieldError({ fullName: 'x'.repeat(121) }, 'fullName', 'Your name must be at most 120 characters');
    await expectFieldError(
      { membershipNumber: '1'.repeat(41) },
      'membershipNumber',
      'The membership number must be at most 40 characters',
    );
    await expectFieldError({ phone: '1'.repeat(41) }, 'phone', 'The phone number must be at most 40 characters');
    await expectFieldError(
      { reasonText: 'x'.repeat(5001) },
      'reasonText',
      'The wording must be at most 5000 characters',
    );
    await expectFieldError({ summary: 'x'.repeat(10_001) }, 'summary', 'This must be at most 10000 characters');
    await expectFieldError({ branchId: 'x'.repeat(41) }, 'branchId', 'Branch must be at most 40 characters');
  });

  it('accepts text at exactly the limit (checked without writing: a bad branch stops it)', async () => {
    const res = await submit({
      fullName: 'x'.repeat(120),
      summary: 'x'.repeat(10_000),
      reasonText: 'x'.repeat(5000),
      branchId: 'no-such-branch',
    });
    expect(res).toMatchObject({ ok: false, fieldErrors: { branchId: 'Choose a branch from the list' } });
    if (!res.ok) expect(Object.keys(res.fieldErrors ?? {})).toEqual(['branchId']);
  });

  it('refuses empty and malformed required fields', async () => {
    await expectFieldError({ fullName: '   ' }, 'fullName', 'Enter your full name');
    await expectFieldError(
      { membershipNumber: 'L123; DROP' },
      'membershipNumber',
      'Use only letters, numbers, spaces, dashes or slashes',
    );
    await expectFieldError({ phone: 'call me' }, 'phone', 'Use only numbers, spaces and + ( ) -');
    await expectFieldError({ sanctionType: 'HANGED' }, 'sanctionType', 'Choose what was done to you');
    await expectFieldError({ imposedBy: undefined }, 'imposedBy', 'Choose who did it, or "Someone else / not sure"');
    await expectFieldError(
      { reasonCategory: 'WHIM' },
      'reasonCategory',
      'Choose the reason they gave, or "Another reason"',
    );
    await expectFieldError({ wants: [] }, 'wants', 'Choose at least one thing you want');
    await expectFieldError({ wants: ['REVENGE'] }, 'wants.0', /expected one of/i);
    await expectFieldError({ rolesHeld: ['Emperor'] }, 'rolesHeld.0', /expected one of/i);
  });

  it('requires consent to be exactly true', async () => {
    for (const consent of [false, 'true', 1, undefined]) {
      await expectFieldError({ consent }, 'consent', 'Tick the box so that the network’s caseworkers can help you');
    }
  });

  it('refuses wrong types', async () => {
    await expectFieldError({ fullName: 42 }, 'fullName', /expected string/i);
    await expectFieldError({ summary: 12345 }, 'summary', /expected string/i);
    await expectFieldError({ wants: 'APPEAL' }, 'wants', /expected array/i);
    await expectFieldError({ imposedOn: '2021-11-21' }, 'imposedOn', /expected object/i);
    const res = await submitIntakeAction(null as never);
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: expect.stringMatching(/expected object/i) },
    });
  });

  it('refuses extra fields instead of ignoring them', async () => {
    for (const extra of [
      { status: 'CLOSED_REINSTATED' },
      { createdById: 'someone' },
      { assignee: 'someone' },
      { role: 'COORDINATOR' },
      { userId: 'someone' },
    ]) {
      const res = await submit(extra);
      expect(res).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Please check the highlighted fields.',
        fieldErrors: { _form: `These fields are not allowed here: ${Object.keys(extra)[0]}` },
      });
    }
    await expectFieldError(
      { imposedOn: { precision: 'YEAR', year: 2020, hour: 9 } },
      '_form',
      'These fields are not allowed here: hour',
    );
  });

  it('refuses impossible dates with a message on the part of the date', async () => {
    await expectFieldError(
      { imposedOn: { precision: 'DAY', year: 2021, month: 2, day: 31 } },
      'imposedOn.day',
      'That date does not exist: February 2021 has 28 days',
    );
    await expectFieldError(
      { imposedOn: { precision: 'DAY', year: 2023, month: 2, day: 29 } },
      'imposedOn.day',
      'That date does not exist: February 2023 has 28 days',
    );
    await expectFieldError(
      { imposedOn: { precision: 'MONTH', year: 2021, month: 13 } },
      'imposedOn.month',
      'The month must be between 1 and 12',
    );
    await expectFieldError(
      { imposedOn: { precision: 'DAY', year: 2021, month: 13, day: 1 } },
      'imposedOn.month',
      'The month must be between 1 and 12',
    );
    await expectFieldError(
      { imposedOn: { precision: 'YEAR', year: 1850 } },
      'imposedOn.year',
      'The year must be between 1900 and 2200',
    );
    await expectFieldError({ imposedOn: { precision: 'DAY', year: 2021, month: 6 } }, 'imposedOn.day', 'Enter the day');
    await expectFieldError(
      { imposedOn: { precision: 'SOMETIME', year: 2021 } },
      'imposedOn.precision',
      'Choose how well you know the date',
    );
  });

  it('refuses dates in the future', async () => {
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const message = 'That date is in the future. Enter when it happened.';
    await expectFieldError(
      {
        imposedOn: {
          precision: 'DAY',
          year: tomorrow.getUTCFullYear(),
          month: tomorrow.getUTCMonth() + 1,
          day: tomorrow.getUTCDate(),
        },
      },
      'imposedOn.year',
      message,
    );
    await expectFieldError(
      { imposedOn: { precision: 'YEAR', year: now.getUTCFullYear() + 1 } },
      'imposedOn.year',
      message,
    );
    await expectFieldError({ imposedOn: { precision: 'APPROXIMATE', year: 2199 } }, 'imposedOn.year', message);
  });
});

import { intakeDraftSchema } from '@/lib/intake/schemas';

// What react-hook-form actually sends for a half-filled intake: unticked radios are null,
// empty selects are '', number boxes are strings.
test('a draft accepts what the browser sends for a half-filled form', () => {
  const sent = {
    step: 1,
    data: {
      fullName: 'Ann',
      membershipNumber: '',
      phone: '',
      regionId: '',
      branchId: '',
      rolesHeld: [],
      sanctionType: '',
      imposedOn: { precision: null, year: '', month: '', day: '' },
      imposedBy: '',
      reasonCategory: '',
      reasonText: '',
      wants: [],
      summary: '',
      consent: false,
    },
  };
  expect(intakeDraftSchema.safeParse(sent).success).toBe(true);
});

test('a draft still refuses unknown fields and oversized text', () => {
  expect(intakeDraftSchema.safeParse({ step: 0, data: { role: 'COORDINATOR' } }).success).toBe(false);
  expect(intakeDraftSchema.safeParse({ step: 0, data: { summary: 'x'.repeat(10_001) } }).success).toBe(false);
});

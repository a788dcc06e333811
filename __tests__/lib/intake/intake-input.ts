import crypto from 'node:crypto';
import type { IntakeInput } from '@/lib/intake/schemas';

/** A complete, valid intake as the form sends it; each call is unique. */
export function validIntake(overrides: Partial<IntakeInput> = {}): IntakeInput {
  const id = crypto.randomBytes(4).toString('hex');
  return {
    fullName: `Intake Person ${id}`,
    membershipNumber: `L${id}`,
    phone: '+44 (0)20 7946 0000',
    rolesHeld: [],
    sanctionType: 'ADMINISTRATIVE_SUSPENSION',
    imposedOn: { precision: 'DAY', year: 2021, month: 11, day: 21 },
    imposedBy: 'GOVERNANCE_LEGAL_UNIT',
    reasonCategory: 'MOTION',
    reasonText: `Secret wording ${id}: you allowed a motion to be debated`,
    wants: ['APPEAL'],
    summary: `Summary ${id}`,
    consent: true,
    ...overrides,
  };
}

import { EVENT_TYPE_GROUPS, EVENT_TYPE_HINTS, EVENT_TYPE_LABELS } from '@/lib/cases/labels';
import { suggestOutcome } from '@/lib/cases/suggest-outcome';
import type { EventType } from '@/lib/db/generated/enums';

const at = (day: string) => new Date(`${day}T00:00:00.000Z`);
const ev = (type: EventType, day: string, added = day) => ({
  type,
  occurredOn: at(day),
  datePrecision: 'DAY' as const,
  createdAt: at(added),
});
const open = { stage: 'INVESTIGATION' as const, outcome: null };

describe('the event form’s groups', () => {
  it('offer every event type exactly once, the new candidate and resignation types included, with a hint for each new one', () => {
    const grouped = EVENT_TYPE_GROUPS.flatMap((g) => g.types);
    expect([...grouped].sort()).toEqual(Object.keys(EVENT_TYPE_LABELS).sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(EVENT_TYPE_GROUPS.find((g) => g.label === 'Standing as a candidate')?.types).toEqual([
      'CANDIDATE_SELECTED',
      'ENDORSEMENT_WITHHELD',
      'SELECTION_RERUN',
      'ENDORSED',
    ]);
    for (const t of ['CANDIDATE_SELECTED', 'ENDORSEMENT_WITHHELD', 'SELECTION_RERUN', 'ENDORSED', 'RESIGNED'] as const)
      expect(EVENT_TYPE_HINTS[t]).toEqual(expect.any(String));
  });
});

describe('suggestOutcome', () => {
  it('suggests Closed and Resigned after a resignation, until the case says so', () => {
    expect(suggestOutcome([ev('NOTE', '2025-01-01'), ev('RESIGNED', '2025-03-04')], open, null)).toEqual({
      stage: 'CLOSED',
      outcome: 'RESIGNED',
      because: 'The timeline records a resignation (4 Mar 2025).',
    });
    expect(suggestOutcome([ev('RESIGNED', '2025-03-04')], { stage: 'CLOSED', outcome: 'RESIGNED' }, null)).toBeNull();
  });

  it('suggests "Endorsed after a re-run" only for an endorsement on or after the re-run', () => {
    expect(
      suggestOutcome(
        [ev('ENDORSEMENT_WITHHELD', '2024-01-01'), ev('SELECTION_RERUN', '2024-02-01'), ev('ENDORSED', '2024-03-01')],
        open,
        null,
      ),
    ).toMatchObject({
      stage: 'CLOSED',
      outcome: 'ENDORSED_AFTER_RERUN',
      because: expect.stringContaining('re-run (1 Feb 2024) and then an endorsement (1 Mar 2024)'),
    });
    expect(suggestOutcome([ev('ENDORSED', '2023-12-01'), ev('SELECTION_RERUN', '2024-02-01')], open, null)).toBeNull();
    expect(suggestOutcome([ev('ENDORSED', '2024-03-01')], open, null)).toBeNull();
    expect(
      suggestOutcome([ev('CANDIDATE_SELECTED', '2024-01-01'), ev('ENDORSEMENT_WITHHELD', '2024-01-05')], open, null),
    ).toBeNull();
  });

  it('stays quiet about entries added before staff last set the stage or outcome (they decided)', () => {
    const events = [ev('RESIGNED', '2025-03-04', '2025-03-05')];
    expect(suggestOutcome(events, { stage: 'APPEAL', outcome: null }, at('2025-03-06'))).toBeNull();
    expect(suggestOutcome(events, { stage: 'APPEAL', outcome: null }, at('2025-03-01'))).toMatchObject({
      outcome: 'RESIGNED',
    });
  });
});

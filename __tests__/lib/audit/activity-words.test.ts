import { activitySentence, collapseRepeats, dayLabel, groupByDay, timeOfDay } from '@/lib/audit/activity-words';
import { AUDIT_ACTIONS, actionWords, actionWordsForMember } from '@/lib/audit/actions';

describe('activitySentence', () => {
  it('names the person and their role, says "You" to the reader, and "Reinstate" for rows with no person', () => {
    const ruth = { name: 'Ruth Calder', role: 'COORDINATOR' as const };
    expect(activitySentence(ruth, false, actionWordsForMember('case.view'))).toBe(
      'Ruth Calder (coordinator) opened your case',
    );
    expect(activitySentence(ruth, false, actionWords('case.view'))).toBe('Ruth Calder (coordinator) opened the case');
    expect(
      activitySentence({ name: 'Margaret Ellison', role: 'MEMBER' }, true, actionWordsForMember('event.create')),
    ).toBe('You added a timeline entry');
    expect(activitySentence(null, false, actionWordsForMember('bundle.built'))).toBe(
      'Reinstate finished building a bundle',
    );
    expect(activitySentence(ruth, false, actionWords('no.such-action'))).toBe(
      'Ruth Calder (coordinator) did something this version has no words for',
    );
  });

  it('every registered phrase starts with a capitalised word and reads as a sentence after a name', () => {
    for (const [name, entry] of Object.entries(AUDIT_ACTIONS)) {
      for (const phrase of [entry.words, actionWordsForMember(name)]) {
        expect({ name, phrase }).toEqual({ name, phrase: expect.stringMatching(/^[A-Z][a-z]+ /) });
        expect(activitySentence(null, false, phrase)).not.toMatch(/\b[a-z_-]+\.[a-z_-]+\b/);
      }
    }
  });
});

describe('dayLabel and groupByDay (UK days)', () => {
  // 1 Jul 2026 is in British Summer Time (UTC+1); 5 Jan 2026 in GMT.
  const summerNow = new Date('2026-07-01T10:00:00Z');

  it('says Today and Yesterday by the UK calendar, not the server’s', () => {
    expect(dayLabel(new Date('2026-07-01T00:30:00+01:00'), summerNow)).toBe('Today');
    expect(dayLabel(new Date('2026-06-30T23:30:00Z'), summerNow)).toBe('Today'); // 00:30 BST on 1 July
    expect(dayLabel(new Date('2026-06-30T22:59:00Z'), summerNow)).toBe('Yesterday'); // 23:59 BST on 30 June
    expect(dayLabel(new Date('2026-06-29T22:59:00Z'), summerNow)).toBe('Monday 29 Jun 2026');
    expect(dayLabel(new Date('2025-09-02T09:00:00Z'), summerNow)).toBe('Tuesday 2 Sep 2025');
    // The day after the clocks go back (25 hours long) and the day after they go forward (23 hours).
    expect(dayLabel(new Date('2026-10-25T00:30:00Z'), new Date('2026-10-26T00:10:00Z'))).toBe('Yesterday');
    expect(dayLabel(new Date('2026-03-29T23:30:00Z'), new Date('2026-03-30T23:10:00Z'))).toBe('Yesterday');
    expect(dayLabel(new Date('2026-03-29T10:00:00Z'), new Date('2026-03-29T23:30:00Z'))).toBe('Yesterday'); // 24 hours back is two days back
    expect(dayLabel(new Date('2026-01-04T23:59:00Z'), new Date('2026-01-05T00:01:00Z'))).toBe('Yesterday');
  });

  it('keeps rows in order, in one group per UK day', () => {
    const rows = [
      '2026-07-01T09:00:00Z',
      '2026-06-30T23:30:00Z',
      '2026-06-30T22:30:00Z',
      '2026-06-30T08:00:00Z',
      '2026-06-20T08:00:00Z',
    ].map((t, i) => ({ i, createdAt: new Date(t) }));
    const groups = groupByDay(rows, summerNow);
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.i)])).toEqual([
      ['Today', [0, 1]],
      ['Yesterday', [2, 3]],
      ['Saturday 20 Jun 2026', [4]],
    ]);
    expect(groupByDay([], summerNow)).toEqual([]);
  });

  it('gives the time in UK time, 24-hour', () => {
    expect(timeOfDay(new Date('2026-06-30T23:05:00Z'))).toBe('00:05');
    expect(timeOfDay(new Date('2026-01-05T14:05:00Z'))).toBe('14:05');
  });
});

describe('collapseRepeats', () => {
  it('makes one line of a run of the same sentence, keeping the newest row and the earliest time', () => {
    const at = (t: string) => new Date(`2026-07-01T${t}:00Z`);
    const rows = [
      { id: 'a', sentence: 'You opened your case', createdAt: at('10:00') },
      { id: 'b', sentence: 'You opened your case', createdAt: at('09:30') },
      { id: 'c', sentence: 'You opened your case', createdAt: at('09:00') },
      { id: 'd', sentence: 'Ruth Calder (coordinator) opened your case', createdAt: at('08:00') },
      { id: 'e', sentence: 'You opened your case', createdAt: at('07:00') },
    ];
    expect(collapseRepeats(rows).map((r) => [r.row.id, r.count, r.earliest.toISOString().slice(11, 16)])).toEqual([
      ['a', 3, '09:00'],
      ['d', 1, '08:00'],
      ['e', 1, '07:00'],
    ]);
    expect(collapseRepeats([])).toEqual([]);
  });
});

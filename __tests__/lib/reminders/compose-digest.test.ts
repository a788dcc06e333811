import { composeDigest, digestSubject, formatDueDay, MAX_DIGEST_LINES } from '@/lib/reminders/compose-digest';
import type { DeadlineItem } from '@/lib/deadlines/find-deadlines';

const item = (reference: string, dueOn: string, over: Partial<DeadlineItem> = {}): DeadlineItem => ({
  id: `d-${reference}-${dueOn}`,
  kind: 'SAR_REPLY',
  label: 'Reply to the subject access request due',
  dueOn,
  status: 'open',
  rule: 'rule',
  warning: null,
  caseId: 'c',
  reference,
  memberName: 'Jane Secretname',
  eventTitle: 'Letter from Jane Secretname',
  caseworkers: [{ id: 'u', name: 'Carl Caseworker' }],
  ...over,
});

test('UK dates with the weekday, whatever the server zone', () => {
  expect(formatDueDay('2026-12-03')).toBe('Thu 3 Dec 2026');
  expect(formatDueDay('2027-01-01')).toBe('Fri 1 Jan 2027');
});

test('the subject counts what is overdue and what is due this week', () => {
  expect(digestSubject(2, 1)).toBe('Reinstate: 2 deadlines overdue, 1 due this week');
  expect(digestSubject(1, 0)).toBe('Reinstate: 1 deadline overdue');
  expect(digestSubject(0, 3)).toBe('Reinstate: 3 deadlines due this week');
});

test('overdue first, each line with its reference, what, when and a link; no names or titles', () => {
  const d = composeDigest({
    audience: 'caseworker',
    today: '2026-12-05',
    appUrl: 'https://r.example/',
    items: [
      item('RS-2026-0007', '2026-12-05'),
      item('RS-2026-0005', '2026-12-03'),
      item('RS-2026-0008', '2026-12-06'),
      item('RS-2026-0009', '2026-12-04'),
      item('RS-2026-0010', '2026-12-12'),
    ],
  });
  expect(d.subject).toBe('Reinstate: 2 deadlines overdue, 3 due this week');
  expect(d.text).toContain(
    [
      'Overdue',
      '- RS-2026-0005 — Reply to the subject access request due — Thu 3 Dec 2026 (overdue by 2 days)',
      '  https://r.example/cases/RS-2026-0005',
      '- RS-2026-0009 — Reply to the subject access request due — Fri 4 Dec 2026 (overdue by 1 day)',
      '  https://r.example/cases/RS-2026-0009',
      '',
      'Due in the next 7 days',
      '- RS-2026-0007 — Reply to the subject access request due — Sat 5 Dec 2026 (due today)',
      '  https://r.example/cases/RS-2026-0007',
      '- RS-2026-0008 — Reply to the subject access request due — Sun 6 Dec 2026 (due tomorrow)',
      '  https://r.example/cases/RS-2026-0008',
      '- RS-2026-0010 — Reply to the subject access request due — Sat 12 Dec 2026 (in 7 days)',
    ].join('\n'),
  );
  expect(d.text).toContain('https://r.example/account');
  expect(d.text).not.toMatch(/Jane|Secretname|Carl/);
});

test('a member reads about "your case"; a long list is cut with a count and a link', () => {
  const member = composeDigest({
    audience: 'member',
    today: '2026-12-05',
    appUrl: 'https://r.example',
    items: [item('RS-2026-0005', '2026-12-07')],
  });
  expect(member.text).toContain('on your case.');
  expect(member.text).toContain('you asked for daily reminders');
  const many = Array.from({ length: MAX_DIGEST_LINES + 3 }, (_, i) =>
    item(`RS-2026-${String(i).padStart(4, '0')}`, '2026-12-01'),
  );
  const long = composeDigest({
    audience: 'coordinator',
    today: '2026-12-05',
    appUrl: 'https://r.example',
    items: many,
  });
  expect(long.text.match(/^- RS-/gm)).toHaveLength(MAX_DIGEST_LINES);
  expect(long.text).toContain('- …and 3 more: https://r.example/cases');
  expect(long.subject).toBe(`Reinstate: ${MAX_DIGEST_LINES + 3} deadlines overdue`);
});

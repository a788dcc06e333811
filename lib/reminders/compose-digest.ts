import type { DeadlineItem } from '../deadlines/find-deadlines';

export type DigestAudience = 'caseworker' | 'coordinator' | 'member';
export type Digest = { subject: string; text: string; overdue: number; due: number };

/** How many lines one email lists; the rest are counted and left to the app. */
export const MAX_DIGEST_LINES = 50;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** "Thu 3 Dec 2026": a calendar day, whatever the server's time zone. */
export function formatDueDay(iso: string): string {
  const d = utc(iso);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function when(dueOn: string, today: string): string {
  const days = Math.round((utc(dueOn).getTime() - utc(today).getTime()) / DAY_MS);
  if (days < 0) return `overdue by ${plural(-days, 'day')}`;
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  return `in ${plural(days, 'day')}`;
}

export function digestSubject(overdue: number, due: number): string {
  if (overdue && due) return `Reinstate: ${plural(overdue, 'deadline')} overdue, ${due} due this week`;
  if (overdue) return `Reinstate: ${plural(overdue, 'deadline')} overdue`;
  return `Reinstate: ${plural(due, 'deadline')} due this week`;
}

/**
 * The daily email. It leaves our system, so it carries as little as will do: the case reference,
 * what is due and when, and a link. Never the member's name, the allegations or an event's title
 * (a title is free text and may name people). Plain text, UK dates.
 */
export function composeDigest(input: {
  audience: DigestAudience;
  items: DeadlineItem[];
  today: string;
  appUrl: string;
}): Digest {
  const base = input.appUrl.replace(/\/$/, '');
  const items = [...input.items].sort(
    (a, b) => a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference),
  );
  const overdue = items.filter((i) => i.dueOn < input.today);
  const due = items.filter((i) => i.dueOn >= input.today);
  const member = input.audience === 'member';
  const caseCount = new Set(items.map((i) => i.reference)).size;

  let budget = MAX_DIGEST_LINES;
  const section = (heading: string, items: DeadlineItem[]): string[] => {
    if (items.length === 0) return [];
    const shown = items.slice(0, Math.max(budget, 0));
    budget -= shown.length;
    return [
      heading,
      ...shown.flatMap((i) => [
        `- ${i.reference} — ${i.label} — ${formatDueDay(i.dueOn)} (${when(i.dueOn, input.today)})`,
        `  ${base}/cases/${i.reference}`,
      ]),
      ...(items.length > shown.length ? [`- …and ${items.length - shown.length} more: ${base}/cases`] : []),
      '',
    ];
  };

  const intro = member
    ? `Here is what is overdue, or due in the next 7 days, on your ${caseCount === 1 ? 'case' : 'cases'}.`
    : input.audience === 'coordinator'
      ? 'Here is what is overdue, or due in the next 7 days, across the network.'
      : 'Here is what is overdue, or due in the next 7 days, on the cases assigned to you.';
  const next = member
    ? 'Sign in to see how each date was worked out and what you can do next. If you have a caseworker, they can help.'
    : 'Open a case to see how each date was worked out and the suggested next step.';
  const why = member
    ? 'You get this email because you asked for daily reminders.'
    : 'You get this email because daily reminders are on for your account.';

  const text = [
    'Hello,',
    '',
    intro,
    '',
    ...section('Overdue', overdue),
    ...section('Due in the next 7 days', due),
    next,
    '',
    `${why} To stop them, untick "Email me a daily list of deadlines" on your account page: ${base}/account`,
    '',
    'Reinstate',
    '',
  ].join('\n');
  return { subject: digestSubject(overdue.length, due.length), text, overdue: overdue.length, due: due.length };
}

import { format } from 'date-fns';
import type { Role } from '../db/generated/enums';

// Turning audit rows into what a person reads in the Activity tab: one sentence each, grouped by UK day.
// Pure functions: no database, no clock of their own (the caller passes "now").

const ROLE_WORDS: Record<Role, string> = { MEMBER: 'member', CASEWORKER: 'caseworker', COORDINATOR: 'coordinator' };

export type ActivityActor = { name: string; role: Role } | null;

/**
 * "Ruth Calder (coordinator) opened your case", "You added a timeline entry", "Reinstate finished building
 * a bundle" (rows with no person behind them). `phrase` is a registry phrase starting with a verb.
 */
export function activitySentence(actor: ActivityActor, byReader: boolean, phrase: string): string {
  const who = byReader ? 'You' : actor ? `${actor.name} (${ROLE_WORDS[actor.role]})` : 'Reinstate';
  return `${who} ${phrase.charAt(0).toLowerCase()}${phrase.slice(1)}`;
}

const LONDON = 'Europe/London';
const dayKey = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** "Today", "Yesterday", else "Monday 23 Nov 2026" — the UK calendar day, whatever the server's time zone. */
export function dayLabel(date: Date, now: Date): string {
  const key = dayKey(date);
  if (key === dayKey(now)) return 'Today';
  // Midday (UTC) of today's UK date, less 24 hours, falls on yesterday's UK date, clocks changing or not.
  const middayToday = new Date(`${dayKey(now)}T12:00:00Z`);
  if (key === dayKey(new Date(middayToday.getTime() - 86_400_000))) return 'Yesterday';
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  // date-fns, like every other date in the app: "Sep", where the browser's en-GB says "Sept".
  return format(new Date(y, m - 1, d), 'EEEE d MMM yyyy');
}

/** "14:05", UK time. */
export const timeOfDay = (date: Date): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    date,
  );

/** Rows (newest first) in runs of the same UK day, each run labelled; order is kept. */
export function groupByDay<R extends { createdAt: Date }>(
  rows: R[],
  now: Date,
): { key: string; label: string; rows: R[] }[] {
  const groups: { key: string; label: string; rows: R[] }[] = [];
  for (const row of rows) {
    const key = dayKey(row.createdAt);
    const last = groups.at(-1);
    if (last?.key === key) last.rows.push(row);
    else groups.push({ key, label: dayLabel(row.createdAt, now), rows: [row] });
  }
  return groups;
}

/**
 * Runs of the same sentence one after another ("You opened your case" nine times in a morning) as one
 * line with a count: for the member, for whom the repeats are noise. Staff keep every row (each has
 * its own address). Rows are newest first; `earliest` is the time of the run's oldest row.
 */
export function collapseRepeats<R extends { createdAt: Date; sentence: string }>(
  rows: R[],
): { row: R; count: number; earliest: Date }[] {
  const runs: { row: R; count: number; earliest: Date }[] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last?.row.sentence === row.sentence) {
      last.count++;
      last.earliest = row.createdAt;
    } else runs.push({ row, count: 1, earliest: row.createdAt });
  }
  return runs;
}

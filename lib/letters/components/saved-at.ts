import { formatPartialDate } from '../../dates/partial-date';

/** "on 3 Oct 2025 at 14:05" (UK time): when a draft was last saved. */
export function formatSavedAt(iso: string): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(d);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
  return `on ${formatPartialDate(new Date(`${day}T00:00:00Z`), 'DAY')} at ${time}`;
}

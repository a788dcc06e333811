const UK_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in the UK, as "YYYY-MM-DD", whatever zone the server runs in (00:30 BST is already tomorrow in UTC terms). */
export function todayInUk(now = new Date()): string {
  return UK_DAY.format(now);
}

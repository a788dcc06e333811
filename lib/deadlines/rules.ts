import {
  JURISDICTION_LABELS,
  type Jurisdiction,
  addDays,
  bankHolidayName,
  coverageWarning,
  daysInMonth,
  formatUkDate,
  isWorkingDay,
  isoDate,
  nextWorkingDay,
  parseIsoDate,
  weekdayName,
} from './working-days';

// Deadline rules as pure functions of ISO 'YYYY-MM-DD' dates (see working-days.ts).
// Each result says how it was computed, in words a member can check against the calendar.

export type DeadlineResult = {
  /** The day the reply is due: the corresponding date, moved to the next working day if needed. */
  due: string;
  /** The date the period runs to before any move for weekends or bank holidays. */
  corresponding: string;
  /** How the date was computed, in plain UK English with UK dates. */
  rule: string;
  /** Set when a date is outside SUPPORTED_YEARS, so bank holidays could not be checked. */
  warning?: string;
};

// "…, a working day." or "…, a Saturday, so it moves to the next working day in Scotland, 2 Dec 2025."
function describeRoll(corresponding: string, due: string, j: Jurisdiction): string {
  if (corresponding === due) return `${formatUkDate(corresponding)}, a working day in ${JURISDICTION_LABELS[j]}.`;
  const holiday = bankHolidayName(corresponding, j);
  const why = holiday ? `${holiday} (a bank holiday in ${JURISDICTION_LABELS[j]})` : `a ${weekdayName(corresponding)}`;
  return `${formatUkDate(corresponding)}, ${why}, so it moves to the next working day, ${formatUkDate(due)}.`;
}

function result(start: string, corresponding: string, due: string, rule: string): DeadlineResult {
  const warning = coverageWarning(start) ?? coverageWarning(due);
  return warning ? { due, corresponding, rule, warning } : { due, corresponding, rule };
}

/**
 * Reply due to a subject access request under UK GDPR Art. 12(3), per ICO guidance: the period
 * starts on the day of receipt and runs to the corresponding calendar date in the next month
 * (3 Sep → 3 Oct); when that date does not exist, the last day of that month (31 Mar → 30 Apr);
 * a due day on a weekend or bank holiday moves to the next working day.
 * `extended`: the controller has extended by two further months, so three calendar months from
 * receipt with the same rules (31 Jan 2025 → 30 Apr 2025, not 28 Feb + 2 months = 28 Apr).
 */
export function sarDueDate(receivedOn: string, j: Jurisdiction, opts: { extended?: boolean } = {}): DeadlineResult {
  const r = parseIsoDate(receivedOn);
  const months = opts.extended ? 3 : 1;
  const monthIndex = r.month - 1 + months;
  const target = { year: r.year + Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day: r.day };
  const lastDay = daysInMonth(target.year, target.month);
  const corresponding = isoDate(target.year, target.month, Math.min(target.day, lastDay));
  const due = nextWorkingDay(corresponding, j);

  const period = opts.extended
    ? 'One calendar month plus the two further months of an extension (UK GDPR Art. 12(3)) runs to the same date three months later'
    : 'One calendar month (UK GDPR Art. 12(3)) runs to the same date in the next month';
  const runsTo =
    target.day > lastDay ? `; there is no ${formatUkDate(target)}, so it ends on the last day of that month, ` : ', ';
  const rule = `Received ${formatUkDate(receivedOn)}. ${period}${runsTo}${describeRoll(corresponding, due, j)}`;
  return result(receivedOn, corresponding, due, rule);
}

/**
 * A "reply within N days" window from a start date (e.g. the date of a letter).
 * Calendar days (default): start + N days, moved to the next working day if that is not one.
 * `workingDaysOnly`: the Nth working day after the start (the start itself never counts);
 * then `corresponding` equals `due`, since nothing is moved.
 */
export function windowDueDate(
  start: string,
  days: number,
  j: Jurisdiction,
  opts: { workingDaysOnly?: boolean } = {},
): DeadlineResult {
  parseIsoDate(start);
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw new RangeError(`A window must be a whole number of days from 1 to 3660, not ${days}`);
  const unit = days === 1 ? 'day' : 'days';

  if (opts.workingDaysOnly) {
    let due = start;
    for (let counted = 0; counted < days; ) {
      due = addDays(due, 1);
      if (isWorkingDay(due, j)) counted++;
    }
    const rule = `${days} working ${unit} after ${formatUkDate(start)}, not counting weekends or bank holidays in ${JURISDICTION_LABELS[j]}: ${formatUkDate(due)}.`;
    return result(start, due, due, rule);
  }

  const corresponding = addDays(start, days);
  const due = nextWorkingDay(corresponding, j);
  const rule = `${days} ${unit} from ${formatUkDate(start)} ends on ${describeRoll(corresponding, due, j)}`;
  return result(start, corresponding, due, rule);
}

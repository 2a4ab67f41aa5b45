/**
 * Yearly occurrences of a key person's date, in UTC (dates are stored as
 * midnight UTC of their day). 29 February falls on the 28th in common years.
 * A date occurs first on itself: a company founded in 2020 has no 2019
 * anniversary.
 */
export const DAY_MS = 86_400_000;

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The date's month and day in `year`. */
export function inYear(date: Date, year: number): Date {
  const month = date.getUTCMonth();
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), last)));
}

/** Every occurrence of the date from `from` to `to` (both days included), oldest first. */
export function occurrencesBetween(date: Date, from: Date, to: Date): Date[] {
  const first = startOfUtcDay(date);
  const start = startOfUtcDay(from);
  const end = startOfUtcDay(to);
  const found: Date[] = [];
  for (let year = start.getUTCFullYear(); year <= end.getUTCFullYear(); year++) {
    const day = inYear(date, year);
    if (day >= start && day <= end && day >= first) found.push(day);
  }
  return found;
}

/** The latest occurrence on or before `now`'s day; null when the date has not come round yet. */
export function lastOccurrence(date: Date, now: Date): Date | null {
  const today = startOfUtcDay(now);
  const thisYear = inYear(date, today.getUTCFullYear());
  const occurrence = thisYear <= today ? thisYear : inYear(date, today.getUTCFullYear() - 1);
  return occurrence >= startOfUtcDay(date) ? occurrence : null;
}

/** Whole days from `now`'s day to `day`. */
export const daysUntil = (day: Date, now: Date) => Math.round((startOfUtcDay(day).getTime() - startOfUtcDay(now).getTime()) / DAY_MS);

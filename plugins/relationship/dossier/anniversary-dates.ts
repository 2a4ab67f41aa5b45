/**
 * Calendar arithmetic for key-person dates, all in UTC (dates are stored as
 * midnight UTC of their day): age on a day, the next yearly occurrence of a
 * date, and the month/day order anniversaries are listed in.
 */
import { inYear, startOfUtcDay } from '../anniversaries/occurrence-dates.js';

/** Whole years from `birthDate` to `now`; null when the birth date is after `now`. */
export function ageOn(birthDate: Date, now: Date): number | null {
  if (startOfUtcDay(birthDate).getTime() > now.getTime()) return null;
  let age = now.getUTCFullYear() - birthDate.getUTCFullYear();
  const monthDiff = now.getUTCMonth() - birthDate.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && now.getUTCDate() < birthDate.getUTCDate())) age--;
  return age;
}

/**
 * The next day (today included) on which the date's month and day come
 * round, at midnight UTC. A date that has not happened yet the first time
 * (a planned date) occurs first on itself.
 */
export function nextOccurrence(date: Date, now: Date): Date {
  const today = startOfUtcDay(now);
  const first = startOfUtcDay(date);
  if (first.getTime() >= today.getTime()) return first;
  const thisYear = inYear(date, today.getUTCFullYear());
  return thisYear.getTime() >= today.getTime() ? thisYear : inYear(date, today.getUTCFullYear() + 1);
}

/** Orders by month, then day (the calendar year of a key person), then by `tieBreak`. */
export function byMonthDay<T extends { date: Date }>(tieBreak: (a: T, b: T) => number = () => 0) {
  return (a: T, b: T): number =>
    a.date.getUTCMonth() - b.date.getUTCMonth() || a.date.getUTCDate() - b.date.getUTCDate() || tieBreak(a, b);
}

/**
 * Belgian civil time (Europe/Brussels) without Intl: behaviour (commutes, night
 * runs) is planned in local hours, reads are stamped in UTC.
 */

const HOUR = 3_600_000;
export const DAY_MS = 86_400_000;

/** Last Sunday of a month, 01:00 UTC: when EU summer time starts or ends. */
function lastSundayUtc1h(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const back = lastDay.getUTCDay();
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 1);
}

/** UTC offset of Brussels in hours at an instant (1 in winter, 2 in summer). */
export function brusselsOffsetHours(utcMs: number): number {
  const y = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayUtc1h(y, 2) && utcMs < lastSundayUtc1h(y, 9) ? 2 : 1;
}

export interface LocalDay {
  /** Days since 1970-01-01 of the local calendar date. */
  dayNumber: number;
  /** UTC instant of local midnight. */
  midnightUtc: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** YYYY-MM-DD. */
  date: string;
}

export function localDay(dayNumber: number): LocalDay {
  const utcMidnight = dayNumber * DAY_MS;
  // Local midnight is before the 01:00 UTC switch, so the offset of the UTC
  // midnight of the same date is the one in force at local midnight.
  const midnightUtc = utcMidnight - brusselsOffsetHours(utcMidnight) * HOUR;
  const d = new Date(utcMidnight);
  return { dayNumber, midnightUtc, weekday: d.getUTCDay(), date: d.toISOString().slice(0, 10) };
}

/** Local calendar day (days since epoch) containing an instant. */
export function localDayNumber(utcMs: number): number {
  return Math.floor((utcMs + brusselsOffsetHours(utcMs) * HOUR) / DAY_MS);
}

/** Local hour of day (fractional) of an instant. */
export function localHour(utcMs: number): number {
  const local = utcMs + brusselsOffsetHours(utcMs) * HOUR;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR;
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

export { HOUR };

/** "YYYY-MM-DD HH:MM" in Brussels time, for texts officers read. */
export function formatLocal(utcMs: number): string {
  return new Date(utcMs + brusselsOffsetHours(utcMs) * HOUR)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
}

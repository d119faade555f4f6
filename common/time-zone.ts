/**
 * Wall-clock time in any IANA zone, from the zone rules in Intl (no date
 * library, no tz data of our own). Reads, logs and the platform keep UTC
 * instants; these functions turn them into what a person in a zone reads on
 * a clock, and back. Pure: the zone is always passed in (the renderer's
 * display zone, the officer's export zone, a jurisdiction's zone).
 *
 * Formatters are cached per zone: building an Intl.DateTimeFormat costs far
 * more than using one.
 */

/** Numeric calendar date: the order of the fields is the locale's. */
export const DATE_OPTIONS: Readonly<Intl.DateTimeFormatOptions> = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
};

/** 24-hour time with seconds, whatever the locale's habit (no "2:10 PM" in evidence). */
export const TIME_OPTIONS: Readonly<Intl.DateTimeFormatOptions> = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** Numeric date and 24-hour time with seconds: the fields every wall-clock reading needs. */
export const DATE_TIME_OPTIONS: Readonly<Intl.DateTimeFormatOptions> = {
  ...DATE_OPTIONS,
  ...TIME_OPTIONS,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached `Intl.DateTimeFormat` for `locale` with `options` in `zone`.
 * Throws RangeError for a zone this runtime's Intl does not know.
 */
export function zoneFormatter(
  zone: string,
  locale: string,
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>,
): Intl.DateTimeFormat {
  const key = `${zone}|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** Wall-clock reading of an instant in a zone (month 1..12, hour 0..23, ISO weekday 1 = Monday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** A wall-clock time to look up: seconds default to 0; the weekday follows from the date. */
export type WallFields = Omit<WallTime, 'second' | 'weekday'> & { second?: number };

const PARTS: Intl.DateTimeFormatOptions = { ...DATE_TIME_OPTIONS, era: 'short' };
// Keyed by zone alone: wallTime runs per read and per audit entry, so no options key to build.
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `zone` at instant `ms`. */
export function wallTime(ms: number, zone: string): WallTime {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...PARTS, timeZone: zone });
    partsFormatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(ms)) p[x.type] = x.value;
  const year = Number(p.year);
  const w = {
    // Years before 1 CE come as "BC" with a positive year; proleptic astronomical numbering.
    year: p.era === 'BC' ? 1 - year : year,
    month: Number(p.month),
    day: Number(p.day),
    // Some ICU versions write midnight as 24 even with h23.
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
  // The weekday of the calendar date, not Intl's name for it: no locale words to map back.
  const weekday = new Date(utcMs({ ...w, hour: 0, minute: 0, second: 0 })).getUTCDay();
  return { ...w, weekday: weekday === 0 ? 7 : weekday };
}

/** `Date.UTC` without its 0..99 → 1900..1999 year mapping. */
function utcMs(w: WallFields): number {
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0));
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  return d.getTime();
}

/** How far `zone`'s wall clock is ahead of UTC at instant `ms` (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return utcMs(wallTime(whole, zone)) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time in `zone` names, or null when the fields are
 * out of range (month 13, 31 April, 24:00).
 *
 * Any zone: the offset is found by trying the offsets in force around that
 * day and keeping one that reads back the same, not assumed. A time the
 * clocks skipped (spring forward) is taken as the same length of time after
 * the jump, 02:30 → 03:30 in Brussels; a time the clocks showed twice (fall
 * back) is its first occurrence. This is what browsers and Temporal do.
 */
export function zonedInstant(w: WallFields, zone: string): number | null {
  const second = w.second ?? 0;
  if (
    !Number.isInteger(w.year) ||
    w.month < 1 ||
    w.month > 12 ||
    w.day < 1 ||
    w.hour < 0 ||
    w.hour > 23 ||
    w.minute < 0 ||
    w.minute > 59 ||
    second < 0 ||
    second > 59
  )
    return null;
  const asUtc = utcMs({ ...w, second });
  const check = new Date(asUtc);
  if (check.getUTCDate() !== w.day || check.getUTCMonth() !== w.month - 1) return null;

  // The offsets in force a day either side cover any change on this day.
  const offsets = [
    ...new Set([
      zoneOffsetMs(asUtc - DAY_MS, zone),
      zoneOffsetMs(asUtc, zone),
      zoneOffsetMs(asUtc + DAY_MS, zone),
    ]),
  ].sort((a, b) => b - a);
  const same = (t: number) => {
    const r = wallTime(t, zone);
    return (
      r.year === w.year &&
      r.month === w.month &&
      r.day === w.day &&
      r.hour === w.hour &&
      r.minute === w.minute &&
      r.second === second
    );
  };
  // Largest offset first gives the earliest instant: the first of two occurrences.
  for (const offset of offsets) {
    const t = asUtc - offset;
    if (same(t)) return t;
  }
  // In a gap: the clocks jumped forward, so the offset before the jump is the smallest.
  return asUtc - offsets.at(-1)!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date of a wall time as ISO 8601 writes it, `2026-07-01`. */
export function wallDate(w: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** A UTC offset as ISO 8601 writes it, `+02:00`, `-03:30` (rounded to the minute). */
export function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Local date (YYYY-MM-DD), time (HH:MM:SS) and UTC offset (+02:00) of an
 * instant in `zone`: fixed forms, the same in every language.
 */
export function localDateTime(
  at: string | number | Date,
  zone: string,
): { date: string; time: string; offset: string } {
  const ms = new Date(at).getTime();
  const w = wallTime(ms, zone);
  return {
    date: wallDate(w),
    time: `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
    // zoneOffsetMs(ms, zone), without reading the clock a second time.
    offset: offsetText(utcMs(w) - Math.floor(ms / 1000) * 1000),
  };
}

/** ISO 8601 local time with its offset, `2026-07-01T08:15:00+02:00`: unambiguous in any GIS. */
export function localIso(at: string | number | Date, zone: string): string {
  const { date, time, offset } = localDateTime(at, zone);
  return `${date}T${time}${offset}`;
}

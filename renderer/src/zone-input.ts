/**
 * `<input type="datetime-local">` values are read and written in the
 * officer's zone (zone.ts), whatever zone the workstation's OS is set to:
 * what the officer types is what the tables and the map show.
 */
import { wallDate } from '../../common/time-zone.ts';
import { displayZone, wallTime, zonedInstant } from './zone.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` of an instant, in `zone` (the display zone unless given). */
export function toZoneInput(at: string | number | Date, zone: string = displayZone()): string {
  const w = wallTime(new Date(at).getTime(), zone);
  return `${wallDate(w)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * `YYYY-MM-DDTHH:mm:ss` of an instant, in `zone`: for fields with `step={1}`,
 * whose bounds must hold to the second (an analysis period).
 */
export function toZoneInputSeconds(
  at: string | number | Date,
  zone: string = displayZone(),
): string {
  const w = wallTime(new Date(at).getTime(), zone);
  return `${wallDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * An inclusive upper bound from a field: the last millisecond of the
 * second (`unit: 'second'`, a field with `step={1}`) or of the minute the
 * field shows, as ISO UTC; null when malformed. "To 22:22:18" holds a read
 * at 22:22:18.640, and "To 22:22" on a minute field holds one at 22:22:18:
 * what is on screen is in the period, not cut at its first instant.
 *
 * The unit is the field's, not the value's: a seconds field reports
 * 22:22:00 as `…T22:22` (browsers drop zero seconds), which still means
 * through 22:22:00.999, not through 22:22:59.
 */
export function fromZoneInputThrough(
  value: string,
  unit: 'second' | 'minute',
  zone: string = displayZone(),
): string | null {
  if (fromZoneInput(value, zone) === null) return null;
  // A seconds value on a minute field (typed, pasted) still ends with its minute.
  const start = fromZoneInput(unit === 'minute' ? value.slice(0, 16) : value, zone)!;
  return new Date(Date.parse(start) + (unit === 'second' ? 1_000 : 60_000) - 1).toISOString();
}

/**
 * The instant of a `YYYY-MM-DDTHH:mm` (seconds allowed, as some browsers
 * send them) in `zone`, as ISO UTC; null when malformed. A time skipped by a
 * clock change counts as the time that long after it; a time shown twice is
 * its first occurrence (see `zonedInstant`).
 */
export function fromZoneInput(value: string, zone: string = displayZone()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(value);
  if (!m) return null;
  const t = zonedInstant(
    {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +m[4]!,
      minute: +m[5]!,
      second: m[6] ? +m[6] : 0,
    },
    zone,
  );
  return t === null ? null : new Date(t).toISOString();
}

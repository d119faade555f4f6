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

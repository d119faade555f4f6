/**
 * Local time in the jurisdiction's zone: supervisors read days and hours as
 * the officers lived them, not in UTC. Office hours are a design choice
 * (weekdays 07:00-19:00), passed in so an agency can set its own.
 */
import { wallDate, wallTime } from '../../common/time-zone.ts';

export interface OfficeHours {
  /** First office hour (inclusive), 0-23. */
  startHour: number;
  /** End hour (exclusive), 1-24. */
  endHour: number;
  /** ISO weekdays that are working days (1 = Monday ... 7 = Sunday). */
  weekdays: readonly number[];
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  startHour: 7,
  endHour: 19,
  weekdays: [1, 2, 3, 4, 5],
};

export function zoneOf(jurisdiction: string): string {
  return jurisdiction === 'dk' ? 'Europe/Copenhagen' : 'Europe/Brussels';
}

export interface LocalTime {
  /** YYYY-MM-DD */
  day: string;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

export function localTime(at: Date, zone: string): LocalTime {
  const w = wallTime(at.getTime(), zone);
  return {
    day: wallDate(w),
    hour: w.hour,
    minute: w.minute,
    weekday: w.weekday,
  };
}

export function isOutOfHours(at: Date, zone: string, hours: OfficeHours): boolean {
  const t = localTime(at, zone);
  if (!hours.weekdays.includes(t.weekday)) return true;
  return t.hour < hours.startHour || t.hour >= hours.endHour;
}

export function describeOfficeHours(hours: OfficeHours): string {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const weekdays =
    hours.weekdays.join(',') === '1,2,3,4,5'
      ? 'Monday to Friday'
      : `days ${hours.weekdays.join(', ')}`;
  return `${weekdays} ${hh(hours.startHour)}–${hh(hours.endHour)}`;
}

/** Every local day from `from` to `to` inclusive, as YYYY-MM-DD. */
export function localDays(from: Date, to: Date, zone: string): string[] {
  const out: string[] = [];
  const last = localTime(to, zone).day;
  // Step in 6-hour increments so DST changes never skip a local day.
  for (let t = from.getTime(); ; t += 6 * 3_600_000) {
    const d = localTime(new Date(Math.min(t, to.getTime())), zone).day;
    if (out.at(-1) !== d) out.push(d);
    if (d === last || t >= to.getTime()) break;
  }
  return out;
}

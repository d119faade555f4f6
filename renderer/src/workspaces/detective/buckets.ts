/**
 * Histogram buckets of the timeline: sightings per Brussels calendar day over
 * the period, or per Brussels hour of day (0..23) summed over the period.
 * Pure, so the counts a detective reads off a bar are tested here.
 */

export type BucketMode = 'day' | 'hour';

export interface Bucket {
  /** `YYYY-MM-DD` (a day), `YYYY-MM-DDTHH` (an hour of a short period, UTC) or `00`..`23` (hour of day). */
  key: string;
  /** Short axis label (Brussels): `18/11`, `02h`. */
  label: string;
  /** Full name of the bucket (Brussels): `2026-11-18`, `2026-11-18 02:00`. */
  title: string;
  count: number;
  /** Instant bounds for day buckets (for the coverage window and filtering); null in hour mode. */
  from: number | null;
  to: number | null;
}

const ZONE = 'Europe/Brussels';
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Brussels calendar date of an instant, `YYYY-MM-DD`. */
export function brusselsDay(ms: number): string {
  return dayFormat.format(ms);
}

/** Brussels hour of day of an instant, `00`..`23`. */
export function brusselsHour(ms: number): string {
  return hourFormat.format(ms).padStart(2, '0');
}

/** The instant a Brussels calendar day starts (DST-safe: searched, not assumed). */
export function brusselsMidnight(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // Brussels is UTC+1 or UTC+2: midnight local is 22:00 or 23:00 UTC the day before.
  for (const offsetH of [2, 1, 0]) {
    const t = Date.UTC(y, m - 1, d) - offsetH * 3_600_000;
    if (brusselsDay(t) === day && brusselsHour(t) === '00') return t;
  }
  return Date.UTC(y, m - 1, d);
}

export function buckets(
  timesMs: readonly number[],
  mode: BucketMode,
  range?: [number, number],
): Bucket[] {
  if (mode === 'hour') {
    const counts = new Array<number>(24).fill(0);
    for (const t of timesMs) counts[Number(brusselsHour(t))]!++;
    return counts.map((count, h) => {
      const key = String(h).padStart(2, '0');
      return { key, label: `${key}h`, title: `${key}:00–${key}:59`, count, from: null, to: null };
    });
  }
  if (timesMs.length === 0 && !range) return [];
  const lo = range ? range[0] : Math.min(...timesMs);
  const hi = range ? range[1] : Math.max(...timesMs);
  // A short period in days would be one or two bars: it is shown per hour instead.
  if (hi - lo <= SHORT_PERIOD_MS) return hourSlices(timesMs, lo, hi);
  const out: Bucket[] = [];
  const index = new Map<string, Bucket>();
  // Walk the days from the first to the last (noon steps never skip a day across DST).
  let day = brusselsDay(lo);
  const last = brusselsDay(hi);
  for (let guard = 0; guard < 400; guard++) {
    const from = brusselsMidnight(day);
    const next = brusselsDay(from + 36 * 3_600_000);
    const b: Bucket = {
      key: day,
      label: `${day.slice(8, 10)}/${day.slice(5, 7)}`,
      title: day,
      count: 0,
      from,
      to: brusselsMidnight(next) - 1,
    };
    out.push(b);
    index.set(day, b);
    if (day === last) break;
    day = next;
  }
  for (const t of timesMs) {
    const b = index.get(brusselsDay(t));
    if (b) b.count++;
  }
  return out;
}

const HOUR_MS = 3_600_000;
/** Periods up to this long are bucketed per hour. */
export const SHORT_PERIOD_MS = 3 * 24 * HOUR_MS;

function hourSlices(timesMs: readonly number[], lo: number, hi: number): Bucket[] {
  const first = Math.floor(lo / HOUR_MS) * HOUR_MS;
  const out: Bucket[] = [];
  for (let from = first; from <= hi; from += HOUR_MS) {
    const day = brusselsDay(from);
    const hour = brusselsHour(from);
    out.push({
      key: new Date(from).toISOString().slice(0, 13),
      label: `${hour}h`,
      title: `${day} ${hour}:00`,
      count: 0,
      from,
      to: from + HOUR_MS - 1,
    });
  }
  for (const t of timesMs) {
    const b = out[Math.floor((t - first) / HOUR_MS)];
    if (b) b.count++;
  }
  return out;
}

/** Whether an instant falls in a bucket (hour buckets match on the Brussels hour). */
export function inBucket(ms: number, mode: BucketMode, b: Bucket): boolean {
  return mode === 'hour' ? brusselsHour(ms) === b.key : ms >= b.from! && ms <= b.to!;
}

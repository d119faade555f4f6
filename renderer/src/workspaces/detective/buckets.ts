/**
 * Histogram buckets of the timeline: sightings per local calendar day over
 * the period, or per local hour of day (0..23) summed over the period,
 * "local" being the officer's display zone (zone.ts) unless a zone is given.
 * Pure, so the counts a detective reads off a bar are tested here.
 */
import { DATE_OPTIONS, zoneFormatter } from '../../../../common/time-zone.ts';
import { displayZone, wallTime, zonedInstant, zoneOffsetMs } from '../../zone.ts';

export type BucketMode = 'day' | 'hour';

export interface Bucket {
  /**
   * `YYYY-MM-DD` (a day), `YYYY-MM-DDTHH:mm` (UTC start of an hour of a short
   * period: unique even when the clocks show an hour twice) or `00`..`23`
   * (hour of day).
   */
  key: string;
  /** Short axis label (local): `18/11`, `02h`. */
  label: string;
  /** Full name of the bucket (local): `2026-11-18`, `2026-11-18 02:00`. */
  title: string;
  count: number;
  /** Instant bounds for day buckets (for the coverage window and filtering); null in hour mode. */
  from: number | null;
  to: number | null;
}

const HOUR: Intl.DateTimeFormatOptions = { hour: '2-digit', hourCycle: 'h23' };

/** Local calendar date of an instant, `YYYY-MM-DD`. */
export function zoneDay(ms: number, zone: string = displayZone()): string {
  return zoneFormatter(zone, 'en-CA', DATE_OPTIONS).format(ms);
}

/** Local hour of day of an instant, `00`..`23`. */
export function zoneHour(ms: number, zone: string = displayZone()): string {
  // Some ICU versions write midnight as 24 even with h23.
  const h = Number(zoneFormatter(zone, 'en-GB', HOUR).format(ms)) % 24;
  return String(h).padStart(2, '0');
}

/**
 * The instant a local calendar day starts (DST-safe: searched, not assumed).
 * Where the clocks skip midnight (spring forward at 00:00) the day starts at
 * the first instant after the jump.
 */
export function zoneMidnight(day: string, zone: string = displayZone()): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (
    zonedInstant({ year: y, month: m, day: d, hour: 0, minute: 0 }, zone) ?? Date.UTC(y, m - 1, d)
  );
}

export function buckets(
  timesMs: readonly number[],
  mode: BucketMode,
  range?: [number, number],
  zone: string = displayZone(),
): Bucket[] {
  if (mode === 'hour') {
    const counts = new Array<number>(24).fill(0);
    for (const t of timesMs) counts[Number(zoneHour(t, zone))]!++;
    return counts.map((count, h) => {
      const key = String(h).padStart(2, '0');
      return { key, label: `${key}h`, title: `${key}:00–${key}:59`, count, from: null, to: null };
    });
  }
  if (timesMs.length === 0 && !range) return [];
  const lo = range ? range[0] : Math.min(...timesMs);
  const hi = range ? range[1] : Math.max(...timesMs);
  // A short period in days would be one or two bars: it is shown per hour instead.
  if (hi - lo <= SHORT_PERIOD_MS) return hourSlices(timesMs, lo, hi, zone);
  const out: Bucket[] = [];
  const index = new Map<string, Bucket>();
  // Walk the days from the first to the last (36 h steps never skip a day across DST).
  let day = zoneDay(lo, zone);
  const last = zoneDay(hi, zone);
  for (let guard = 0; guard < 400; guard++) {
    const from = zoneMidnight(day, zone);
    const next = zoneDay(from + 36 * HOUR_MS, zone);
    const b: Bucket = {
      key: day,
      label: `${day.slice(8, 10)}/${day.slice(5, 7)}`,
      title: day,
      count: 0,
      from,
      to: zoneMidnight(next, zone) - 1,
    };
    out.push(b);
    index.set(day, b);
    if (day === last) break;
    day = next;
  }
  for (const t of timesMs) {
    const b = index.get(zoneDay(t, zone));
    if (b) b.count++;
  }
  return out;
}

const HOUR_MS = 3_600_000;
/** Zone offsets and clock changes fall on quarter hours (Kathmandu +05:45, Lord Howe's 30 min DST). */
const QUARTER_MS = 15 * 60_000;
/** Periods up to this long are bucketed per hour. */
export const SHORT_PERIOD_MS = 3 * 24 * HOUR_MS;

/**
 * One bucket per local clock hour: in Kathmandu an hour starts at :15 UTC, and
 * on a clock change a local hour may last 30 minutes or occur twice. The
 * boundaries are where the local hour changes, found in quarter-hour steps.
 */
function hourSlices(timesMs: readonly number[], lo: number, hi: number, zone: string): Bucket[] {
  const out: Bucket[] = [];
  // With the offset, an hour the clocks show twice (fall back) is two buckets.
  const hourOf = (ms: number) => {
    const w = wallTime(ms, zone);
    return `${w.year}-${w.month}-${w.day}T${w.hour}${zoneOffsetMs(ms, zone)}`;
  };
  let from = Math.floor(lo / QUARTER_MS) * QUARTER_MS;
  // Back to the start of lo's local hour.
  const first = hourOf(from);
  while (hourOf(from - QUARTER_MS) === first) from -= QUARTER_MS;
  while (from <= hi) {
    const current = hourOf(from);
    let next = from + QUARTER_MS;
    while (hourOf(next) === current) next += QUARTER_MS;
    const day = zoneDay(from, zone);
    const hour = zoneHour(from, zone);
    out.push({
      key: new Date(from).toISOString().slice(0, 16),
      label: `${hour}h`,
      title: `${day} ${hour}:00`,
      count: 0,
      from,
      to: next - 1,
    });
    from = next;
  }
  for (const t of timesMs) {
    const b = findSlice(out, t);
    if (b) b.count++;
  }
  return out;
}

/** The slice holding `t` (slices are in time order and contiguous), or undefined. */
function findSlice(slices: readonly Bucket[], t: number): Bucket | undefined {
  let a = 0;
  let b = slices.length - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    const s = slices[mid]!;
    if (t < s.from!) b = mid - 1;
    else if (t > s.to!) a = mid + 1;
    else return s;
  }
  return undefined;
}

/** Whether an instant falls in a bucket (hour buckets match on the local hour). */
export function inBucket(
  ms: number,
  mode: BucketMode,
  b: Bucket,
  zone: string = displayZone(),
): boolean {
  return mode === 'hour' ? zoneHour(ms, zone) === b.key : ms >= b.from! && ms <= b.to!;
}

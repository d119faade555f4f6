import type { ActivityTotals, DayActivity } from '../../common/oversight-api.ts';
import { isExport, isQuery, isRefused } from './classify.ts';
import type { OversightEntry } from './entries.ts';
import { isOutOfHours, localDays, localTime, type OfficeHours } from './zone.ts';

/**
 * Per-officer activity: the numbers a supervisor charts per day (queries,
 * distinct plates and cases, exports, refused attempts, out-of-hours work)
 * and the officer's own baseline to compare a day against.
 */

export interface ActivityOptions {
  from: Date;
  to: Date;
  zone: string;
  hours: OfficeHours;
}

interface Bucket {
  queries: number;
  plates: Set<string>;
  cases: Set<string>;
  exports: number;
  refused: number;
  outOfHours: number;
}

const empty = (): Bucket => ({
  queries: 0,
  plates: new Set(),
  cases: new Set(),
  exports: 0,
  refused: 0,
  outOfHours: 0,
});

function add(b: Bucket, e: OversightEntry, zone: string, hours: OfficeHours): void {
  const body = e.body;
  if (isQuery(body)) {
    b.queries++;
    for (const p of e.plates) b.plates.add(p);
    if (body.caseId) b.cases.add(body.caseId);
    if (isOutOfHours(e.at, zone, hours)) b.outOfHours++;
  }
  if (isExport(body)) b.exports++;
  if (isRefused(body)) b.refused++;
}

const totalsOf = (b: Bucket): ActivityTotals => ({
  queries: b.queries,
  distinctPlates: b.plates.size,
  distinctCases: b.cases.size,
  exports: b.exports,
  refused: b.refused,
  outOfHours: b.outOfHours,
});

/** One officer's entries (any order) → a row per local day of the period, and totals. */
export function dailyActivity(
  entries: readonly OversightEntry[],
  o: ActivityOptions,
): { days: DayActivity[]; totals: ActivityTotals } {
  const days = localDays(o.from, o.to, o.zone);
  const buckets = new Map(days.map((d) => [d, empty()]));
  const all = empty();
  for (const e of entries) {
    if (e.at < o.from || e.at > o.to) continue;
    const day = localTime(e.at, o.zone).day;
    const b = buckets.get(day);
    if (!b) continue;
    add(b, e, o.zone, o.hours);
    add(all, e, o.zone, o.hours);
  }
  return {
    days: days.map((day) => ({ day, ...totalsOf(buckets.get(day)!) })),
    totals: totalsOf(all),
  };
}

export const BASELINE_WEEKS = 4;

/**
 * Queries per active day (a day with at least one query) in the weeks
 * before the period; null when the officer was active on fewer than three
 * days, i.e. when there is no usual volume to speak of.
 */
export function baselinePerDay(
  entries: readonly OversightEntry[],
  before: Date,
  zone: string,
): { perDay: number | null; activeDays: number } {
  const since = before.getTime() - BASELINE_WEEKS * 7 * 86_400_000;
  const perDay = new Map<string, number>();
  for (const e of entries) {
    const t = e.at.getTime();
    if (t < since || t >= before.getTime() || !isQuery(e.body)) continue;
    const day = localTime(e.at, zone).day;
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const activeDays = perDay.size;
  if (activeDays < 3) return { perDay: null, activeDays };
  let sum = 0;
  for (const n of perDay.values()) sum += n;
  return { perDay: sum / activeDays, activeDays };
}

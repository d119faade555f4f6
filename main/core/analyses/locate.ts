/**
 * Locate: where and when a vehicle is usually seen. Counts per camera, per
 * hour of day and per weekday in a given time zone (the officer's zone, filled
 * in by the workstation; so a read at 08:30 local time counts as 8 o'clock in
 * winter and in summer),
 * and the top places: nearby read positions merged into one place (the
 * cameras of one site, a mobile unit's reads in one street).
 */
import { z } from 'zod';
import { haversineMeters } from '../../../common/geo.ts';
import { normalisePlate } from '../../../common/plates.ts';
import { checkRange, EpochMs, OptionalRange, PlateInput, TimeZone, toRange } from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

export const LocateParams = z
  .object({
    plate: PlateInput,
    ...OptionalRange,
    timeZone: TimeZone,
    /** Reads closer than this to a place's busiest position belong to that place. */
    placeRadiusM: z.number().min(10).max(5000).default(300),
    topPlaces: z.number().int().min(1).max(50).default(10),
  })
  .superRefine(checkRange());
export type LocateParams = z.input<typeof LocateParams>;

const Counts = (n: number) => z.array(z.number().int().min(0)).length(n);

export const LocateResult = z.object({
  plate: z.string(),
  timeZone: z.string(),
  /** Most seen first. Position: the mean of the camera's reads. */
  byCamera: z.array(
    z.object({
      unitId: z.string(),
      direction: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      count: z.number().int(),
      firstAt: EpochMs,
      lastAt: EpochMs,
    }),
  ),
  /** Index 0..23: local hour of day. */
  byHour: Counts(24),
  /** Index 0..6: Monday..Sunday, local. */
  byWeekday: Counts(7),
  /** [weekday][hour], for a heat map. */
  byWeekdayHour: z.array(Counts(24)).length(7),
  topPlaces: z.array(
    z.object({
      lat: z.number(),
      lon: z.number(),
      count: z.number().int(),
      /** count / total reads. */
      share: z.number().min(0).max(1),
      unitIds: z.array(z.string()),
    }),
  ),
  summary: z.object({
    reads: z.number().int(),
    cameras: z.number().int(),
    places: z.number().int(),
    firstAt: EpochMs.nullable(),
    lastAt: EpochMs.nullable(),
  }),
});
export type LocateResult = z.infer<typeof LocateResult>;

export function locate(source: AnalysisSource, input: LocateParams): LocateResult {
  const p = LocateParams.parse(input);
  const plate = normalisePlate(p.plate);
  const reads = source.byPlate(plate, toRange(p));
  const clock = localClock(p.timeZone);

  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const byWeekdayHour = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const cameras = new Map<
    string,
    {
      unitId: string;
      direction: string | null;
      latSum: number;
      lonSum: number;
      count: number;
      firstAt: number;
      lastAt: number;
    }
  >();
  for (const r of reads) {
    const { weekday, hour } = clock(r.capturedAt);
    byHour[hour]!++;
    byWeekday[weekday]!++;
    byWeekdayHour[weekday]![hour]!++;
    const c = cameras.get(r.unitId);
    if (c) {
      c.count++;
      c.latSum += r.lat;
      c.lonSum += r.lon;
      c.lastAt = r.capturedAt;
    } else {
      cameras.set(r.unitId, {
        unitId: r.unitId,
        direction: r.direction,
        latSum: r.lat,
        lonSum: r.lon,
        count: 1,
        firstAt: r.capturedAt,
        lastAt: r.capturedAt,
      });
    }
  }
  const byCamera = [...cameras.values()]
    .map(({ latSum, lonSum, ...c }) => ({ ...c, lat: latSum / c.count, lon: lonSum / c.count }))
    .sort((a, b) => b.count - a.count || compareStrings(a.unitId, b.unitId));
  const places = clusterPlaces(reads, p.placeRadiusM);

  return {
    plate,
    timeZone: p.timeZone,
    byCamera,
    byHour,
    byWeekday,
    byWeekdayHour,
    topPlaces: places.slice(0, p.topPlaces),
    summary: {
      reads: reads.length,
      cameras: byCamera.length,
      places: places.length,
      firstAt: reads[0]?.capturedAt ?? null,
      lastAt: reads.at(-1)?.capturedAt ?? null,
    },
  };
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
/** Every UTC offset in use today is a multiple of 15 minutes, so local hour and weekday are constant per quarter hour. */
const QUARTER_MS = 900_000;

/** Local weekday (0 = Monday) and hour of an instant, via Intl (the runtime's tz database). */
export function localClock(
  timeZone: string,
): (epochMs: number) => { weekday: number; hour: number } {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  });
  const cache = new Map<number, { weekday: number; hour: number }>();
  return (epochMs) => {
    const quarter = Math.floor(epochMs / QUARTER_MS);
    let hit = cache.get(quarter);
    if (!hit) {
      let weekday = 0;
      let hour = 0;
      for (const part of format.formatToParts(epochMs)) {
        if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
        else if (part.type === 'hour') hour = Number(part.value) % 24;
      }
      hit = { weekday, hour };
      cache.set(quarter, hit);
    }
    return hit;
  };
}

/**
 * Greedy clustering: the busiest position (reads rounded to ~10 m) seeds a
 * place that takes every position within the radius; repeat with what is
 * left. Deterministic, and cheap for one vehicle's history.
 */
function clusterPlaces(reads: readonly SourceRead[], radiusM: number): LocateResult['topPlaces'] {
  const cells = new Map<string, { lat: number; lon: number; count: number; units: Set<string> }>();
  for (const r of reads) {
    const key = `${Math.round(r.lat * 1e4)},${Math.round(r.lon * 1e4)}`;
    const cell = cells.get(key);
    if (cell) {
      cell.count++;
      cell.units.add(r.unitId);
    } else {
      cells.set(key, { lat: r.lat, lon: r.lon, count: 1, units: new Set([r.unitId]) });
    }
  }
  const pending = [...cells.values()].sort(
    (a, b) => b.count - a.count || a.lat - b.lat || a.lon - b.lon,
  );
  const places: LocateResult['topPlaces'] = [];
  while (pending.length > 0) {
    const seed = pending[0]!;
    const members = pending.filter((c) => haversineMeters(seed, c) <= radiusM);
    const taken = new Set(members);
    for (let i = pending.length - 1; i >= 0; i--) if (taken.has(pending[i]!)) pending.splice(i, 1);
    const count = members.reduce((n, c) => n + c.count, 0);
    const units = new Set<string>();
    for (const m of members) for (const u of m.units) units.add(u);
    places.push({
      lat: members.reduce((s, c) => s + c.lat * c.count, 0) / count,
      lon: members.reduce((s, c) => s + c.lon * c.count, 0) / count,
      count,
      share: count / reads.length,
      unitIds: [...units].sort(compareStrings),
    });
  }
  return places.sort((a, b) => b.count - a.count);
}

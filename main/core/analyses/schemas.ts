/**
 * Zod pieces shared by the analyses' parameter and result schemas. Times in
 * parameters are ISO-8601 with an offset (as everywhere in the API); times in
 * results are epoch milliseconds (UTC), which the UI formats in the officer's
 * time zone.
 *
 * Every result carries a `summary` made of counts and flags only (no plate), so
 * it can be stored and logged with the analysis record.
 */
import { z } from 'zod';
import { Latitude, Longitude, PlateAlternative, Timestamp } from '../../../common/read.ts';
import { DEFAULT_SETTINGS, isKnownTimeZone } from '../../../common/settings.ts';
import type { SourceRead, TimeRange } from './source.ts';

export const DAY_MS = 86_400_000;
/** Longest window of an area search (stakeout, multi-place): one month, like the access window. */
export const MAX_AREA_WINDOW_MS = 31 * DAY_MS;

/** A plate as typed by the officer or sent by the UI; analyses normalise it. */
export const PlateInput = z.string().trim().min(1).max(64);

/** Plates of the case's subjects: they are not masked as bystanders. */
export const Targets = z.array(PlateInput).max(1000).default([]);

export const OptionalRange = {
  from: Timestamp.optional(),
  to: Timestamp.optional(),
};

/** A `.superRefine` check: from ≤ to, and optionally a maximum span. */
export function checkRange(maxSpanMs?: number) {
  return (value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) => {
    if (value.from === undefined || value.to === undefined) return;
    const span = Date.parse(value.to) - Date.parse(value.from);
    if (span < 0)
      ctx.addIssue({ code: 'custom', message: '"from" must not be after "to"', path: ['to'] });
    else if (maxSpanMs !== undefined && span > maxSpanMs) {
      ctx.addIssue({
        code: 'custom',
        message: `the window may span at most ${Math.round(maxSpanMs / DAY_MS)} days`,
        path: ['to'],
      });
    }
  };
}

export function toRange(p: { from?: string | undefined; to?: string | undefined }): TimeRange {
  const range: TimeRange = {};
  if (p.from !== undefined) range.from = Date.parse(p.from);
  if (p.to !== undefined) range.to = Date.parse(p.to);
  return range;
}

export const EpochMs = z.number().int();

/** One read as shown in a result list or on the map. */
export const Sighting = z.object({
  id: z.string(),
  plate: z.string(),
  capturedAt: EpochMs,
  lat: Latitude,
  lon: Longitude,
  unitId: z.string(),
  direction: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(PlateAlternative).optional(),
});
export type Sighting = z.infer<typeof Sighting>;

export function toSighting(r: SourceRead): Sighting {
  const s: Sighting = {
    id: r.id,
    plate: r.plate,
    capturedAt: r.capturedAt,
    lat: r.lat,
    lon: r.lon,
    unitId: r.unitId,
    direction: r.direction,
    confidence: r.confidence,
  };
  if (r.alternatives !== undefined) s.alternatives = r.alternatives;
  return s;
}

export const isValidTimeZone = isKnownTimeZone;

/**
 * The zone an analysis counts local hours and days in. The workstation fills
 * in the officer's zone (`Settings.timeZone`) when a run names none; the
 * default here only serves callers without settings (tests, benchmarks).
 */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'unknown IANA time zone')
  .default(DEFAULT_SETTINGS.timeZone);

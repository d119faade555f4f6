/**
 * Plate search: exact, wildcard (`1-AB?-12*`) or OCR-fuzzy (look-alike
 * classes such as 0/O/D/Q, at most `maxSubstitutions` substituted positions).
 * A pseudonymised plate (e.g. a 64-hex hash) is not plate-like, so
 * normalisePlate keeps it as is and an exact search finds it unchanged.
 */
import { z } from 'zod';
import {
  lookalikeDistance,
  lookalikeKey,
  normalisePlate,
  normaliseWildcard,
  wildcardToSqlLike,
} from '../../../common/plates.ts';
import {
  checkRange,
  EpochMs,
  OptionalRange,
  PlateInput,
  Sighting,
  toRange,
  toSighting,
} from './schemas.ts';
import { compareByTime, compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

/**
 * A wildcard needs some substance: `*` alone (or `?1*`) would list the whole
 * case, which is a browse, not a search.
 */
export const MIN_WILDCARD_LITERALS = 2;

const Limit = z.number().int().min(1).max(200_000).default(10_000);

export const PlateSearchParams = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('exact'), plate: PlateInput, ...OptionalRange, limit: Limit }),
    z.object({
      mode: z.literal('wildcard'),
      pattern: PlateInput.refine(
        (p) => normaliseWildcard(p).replace(/[?*]/g, '').length >= MIN_WILDCARD_LITERALS,
        `a wildcard pattern needs at least ${MIN_WILDCARD_LITERALS} characters besides ? and *`,
      ),
      ...OptionalRange,
      limit: Limit,
    }),
    z.object({
      mode: z.literal('fuzzy'),
      plate: PlateInput,
      maxSubstitutions: z.number().int().min(0).max(3).default(1),
      ...OptionalRange,
      limit: Limit,
    }),
  ])
  .superRefine(checkRange());
export type PlateSearchParams = z.input<typeof PlateSearchParams>;

export const PlateSearchResult = z.object({
  /** Matching reads in time order; `distance` = look-alike substitutions from the query (0 unless fuzzy). */
  rows: z.array(Sighting.extend({ distance: z.number().int().min(0) })),
  /** Distinct matching plates, closest first, then most seen. */
  plates: z.array(
    z.object({
      plate: z.string(),
      distance: z.number().int().min(0),
      count: z.number().int(),
      firstAt: EpochMs,
      lastAt: EpochMs,
    }),
  ),
  summary: z.object({
    mode: z.enum(['exact', 'wildcard', 'fuzzy']),
    reads: z.number().int(),
    plates: z.number().int(),
    /** More reads matched than `limit`; narrow the search. */
    truncated: z.boolean(),
  }),
});
export type PlateSearchResult = z.infer<typeof PlateSearchResult>;

export function plateSearch(source: AnalysisSource, input: PlateSearchParams): PlateSearchResult {
  const p = PlateSearchParams.parse(input);
  const range = toRange(p);
  let matched: Array<{ read: SourceRead; distance: number }>;
  switch (p.mode) {
    case 'exact':
      matched = source
        .byPlate(normalisePlate(p.plate), range)
        .map((read) => ({ read, distance: 0 }));
      break;
    case 'wildcard': {
      const { like, escape } = wildcardToSqlLike(p.pattern);
      matched = source
        .byPlateLike(like, escape, range, p.limit + 1)
        .map((read) => ({ read, distance: 0 }));
      break;
    }
    case 'fuzzy': {
      const query = normalisePlate(p.plate);
      matched = [];
      for (const read of source.byPlateKey(lookalikeKey(query), range)) {
        const distance = lookalikeDistance(query, read.plate);
        if (distance !== null && distance <= p.maxSubstitutions) matched.push({ read, distance });
      }
      break;
    }
  }
  const truncated = matched.length > p.limit;
  matched.sort((a, b) => compareByTime(a.read, b.read));
  if (truncated) matched = matched.slice(0, p.limit);

  const plates = new Map<string, PlateSearchResult['plates'][number]>();
  for (const { read, distance } of matched) {
    const entry = plates.get(read.plate);
    if (entry) {
      entry.count++;
      entry.lastAt = read.capturedAt;
    } else {
      plates.set(read.plate, {
        plate: read.plate,
        distance,
        count: 1,
        firstAt: read.capturedAt,
        lastAt: read.capturedAt,
      });
    }
  }
  const plateList = [...plates.values()].sort(
    (a, b) => a.distance - b.distance || b.count - a.count || compareStrings(a.plate, b.plate),
  );
  return {
    rows: matched.map(({ read, distance }) => ({ ...toSighting(read), distance })),
    plates: plateList,
    summary: { mode: p.mode, reads: matched.length, plates: plateList.length, truncated },
  };
}

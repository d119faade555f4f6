/**
 * First and last seen: for each plate of a list, its first and last sighting
 * (time and place) and how often it was read. Three index lookups per plate,
 * whatever its number of reads.
 */
import { z } from 'zod';
import { normalisePlate } from '../../../common/plates.ts';
import { checkRange, OptionalRange, PlateInput, Sighting, toRange, toSighting } from './schemas.ts';
import type { AnalysisSource } from './source.ts';

export const FirstLastSeenParams = z
  .object({
    plates: z.array(PlateInput).min(1).max(1000),
    ...OptionalRange,
  })
  .superRefine(checkRange());
export type FirstLastSeenParams = z.input<typeof FirstLastSeenParams>;

export const FirstLastSeenResult = z.object({
  /** One row per distinct (normalised) plate, in the order asked. */
  rows: z.array(
    z.object({
      plate: z.string(),
      count: z.number().int().min(0),
      first: Sighting.nullable(),
      last: Sighting.nullable(),
    }),
  ),
  summary: z.object({
    plates: z.number().int(),
    seen: z.number().int(),
    notSeen: z.number().int(),
  }),
});
export type FirstLastSeenResult = z.infer<typeof FirstLastSeenResult>;

export function firstLastSeen(
  source: AnalysisSource,
  input: FirstLastSeenParams,
): FirstLastSeenResult {
  const p = FirstLastSeenParams.parse(input);
  const range = toRange(p);
  const plates = [...new Set(p.plates.map(normalisePlate))];
  const rows = plates.map((plate) => {
    const stats = source.plateStats(plate, range);
    return stats
      ? { plate, count: stats.count, first: toSighting(stats.first), last: toSighting(stats.last) }
      : { plate, count: 0, first: null, last: null };
  });
  const seen = rows.filter((r) => r.count > 0).length;
  return { rows, summary: { plates: rows.length, seen, notSeen: rows.length - seen } };
}

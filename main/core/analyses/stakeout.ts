/**
 * Stakeout: which vehicles passed a place (circle, polygon or a list of
 * cameras) during a window of at most 31 days. Everyone not on the case's
 * target list is a bystander: flagged so the UI masks the plate until the
 * officer opens it.
 */
import { z } from 'zod';
import { Area } from '../../../common/geo.ts';
import { Timestamp } from '../../../common/read.ts';
import { AreaVehicle, groupVehicles, readsInArea, targetSet } from './area-reads.ts';
import { checkRange, EpochMs, MAX_AREA_WINDOW_MS, Targets } from './schemas.ts';
import type { AnalysisSource } from './source.ts';

export const StakeoutParams = z
  .object({
    area: Area,
    from: Timestamp,
    to: Timestamp,
    targets: Targets,
    /** Most reads taken into account (the earliest ones). */
    limit: z.number().int().min(1).max(200_000).default(50_000),
  })
  .superRefine(checkRange(MAX_AREA_WINDOW_MS));
export type StakeoutParams = z.input<typeof StakeoutParams>;

export const StakeoutResult = z.object({
  /** By first sighting in the area. */
  vehicles: z.array(AreaVehicle),
  summary: z.object({
    from: EpochMs,
    to: EpochMs,
    reads: z.number().int(),
    vehicles: z.number().int(),
    bystanders: z.number().int(),
    targetsSeen: z.number().int(),
    /** More reads than `limit`: only the earliest were used. */
    truncated: z.boolean(),
  }),
});
export type StakeoutResult = z.infer<typeof StakeoutResult>;

export function stakeout(source: AnalysisSource, input: StakeoutParams): StakeoutResult {
  const p = StakeoutParams.parse(input);
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const { reads, truncated } = readsInArea(source, p.area, from, to, p.limit);
  const vehicles = groupVehicles(reads, targetSet(p.targets));
  const bystanders = vehicles.filter((v) => v.bystander).length;
  return {
    vehicles,
    summary: {
      from,
      to,
      reads: reads.length,
      vehicles: vehicles.length,
      bystanders,
      targetsSeen: vehicles.length - bystanders,
      truncated,
    },
  };
}

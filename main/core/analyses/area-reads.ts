/**
 * Reads inside an area during a window, and their grouping into vehicles:
 * shared by stakeout and multi-place. A circle or polygon is decided on each
 * read's own position (a mobile unit's read counts where it was taken); a
 * camera list on the unit id.
 */
import { z } from 'zod';
import { areaBoundingBox, pointInArea, type Area } from '../../../common/geo.ts';
import { maskPlate, normalisePlate } from '../../../common/plates.ts';
import { EpochMs, Sighting, toSighting } from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

export function readsInArea(
  source: AnalysisSource,
  area: Area,
  from: number,
  to: number,
  limit: number,
): { reads: SourceRead[]; truncated: boolean } {
  let reads: SourceRead[];
  if (area.kind === 'cameras') {
    reads = source.atUnits(area.cameraIds, from, to, limit + 1);
  } else {
    reads = source.inBox(areaBoundingBox(area)!, from, to, limit + 1, (r) => pointInArea(r, area));
  }
  const truncated = reads.length > limit;
  return { reads: truncated ? reads.slice(0, limit) : reads, truncated };
}

export const AreaVehicle = z.object({
  plate: z.string(),
  /** Not one of the case's targets: the UI shows `masked` until the officer opens it (a logged action). */
  bystander: z.boolean(),
  masked: z.string(),
  firstAt: EpochMs,
  lastAt: EpochMs,
  count: z.number().int(),
  sightings: z.array(Sighting),
});
export type AreaVehicle = z.infer<typeof AreaVehicle>;

/** Vehicles of time-ordered reads, by first sighting, then plate. */
export function groupVehicles(
  reads: readonly SourceRead[],
  targets: ReadonlySet<string>,
): AreaVehicle[] {
  const byPlate = new Map<string, AreaVehicle>();
  for (const r of reads) {
    let v = byPlate.get(r.plate);
    if (!v) {
      v = {
        plate: r.plate,
        bystander: !targets.has(r.plate),
        masked: maskPlate(r.plate),
        firstAt: r.capturedAt,
        lastAt: r.capturedAt,
        count: 0,
        sightings: [],
      };
      byPlate.set(r.plate, v);
    }
    v.count++;
    v.lastAt = r.capturedAt;
    v.sightings.push(toSighting(r));
  }
  return [...byPlate.values()].sort(
    (a, b) => a.firstAt - b.firstAt || compareStrings(a.plate, b.plate),
  );
}

export function targetSet(targets: readonly string[]): Set<string> {
  return new Set(targets.map(normalisePlate));
}

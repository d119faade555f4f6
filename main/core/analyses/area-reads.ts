/**
 * Reads inside an area during a window, and their grouping into vehicles:
 * shared by stakeout and multi-place. A circle or polygon is decided on each
 * read's own position (a mobile unit's read counts where it was taken); a
 * camera list on the unit id.
 */
import { z } from 'zod';
import { areaBoundingBox, pointInArea, type Area, type BoundingBox } from '../../../common/geo.ts';
import { maskPlate, normalisePlate } from '../../../common/plates.ts';
import { EpochMs, Sighting, toSighting } from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

/**
 * A fixed camera's reads are assumed to lie within this distance of its first
 * read's position (they normally all carry the site's position).
 */
export const FIXED_UNIT_SLACK_M = 1000;

/**
 * For a circle or polygon the reads are taken from the units that can have
 * reads inside it: fixed cameras at or near the area, and every mobile unit;
 * each read is then tested on its own position. That costs the reads of those
 * units in the window, where scanning the window on the time index would cost
 * every read of the case in it (a month is the whole case).
 */
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
    const near = expand(areaBoundingBox(area)!, FIXED_UNIT_SLACK_M);
    const units = source
      .units()
      .filter(
        (u) =>
          u.unitType !== 'fixed' ||
          (u.lat >= near.minLat &&
            u.lat <= near.maxLat &&
            u.lon >= near.minLon &&
            u.lon <= near.maxLon),
      )
      .map((u) => u.unitId);
    reads =
      units.length === 0
        ? []
        : source.atUnits(units, from, to, limit + 1, (r) => pointInArea(r, area));
  }
  const truncated = reads.length > limit;
  return { reads: truncated ? reads.slice(0, limit) : reads, truncated };
}

function expand(box: BoundingBox, meters: number): BoundingBox {
  const dLat = meters / 111_000;
  const cos = Math.cos((Math.max(Math.abs(box.minLat), Math.abs(box.maxLat)) * Math.PI) / 180);
  const dLon = cos < 1e-6 ? 360 : dLat / cos;
  return {
    minLat: box.minLat - dLat,
    maxLat: box.maxLat + dLat,
    minLon: box.minLon - dLon,
    maxLon: box.maxLon + dLon,
  };
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

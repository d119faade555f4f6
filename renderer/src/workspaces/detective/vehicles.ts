/**
 * Grouping of the case's reads into vehicles for the map: one route per
 * vehicle in time order, coloured per vehicle. Pure.
 */
import type { ReadView, ViewSighting } from '../../../../common/api/detective-contract.ts';
import type { Camera } from '../../../../common/read.ts';
import type { MapSighting, RouteInput } from '../../map/index.ts';

export function groupByVehicle(reads: readonly ReadView[]): Map<string, ReadView[]> {
  const out = new Map<string, ReadView[]>();
  for (const r of reads) {
    const list = out.get(r.vehicle);
    if (list) list.push(r);
    else out.set(r.vehicle, [r]);
  }
  return out;
}

type Located = Pick<
  ReadView,
  'id' | 'lat' | 'lon' | 'capturedAt' | 'unitId' | 'direction' | 'confidence'
> &
  Partial<Pick<ReadView, 'alternatives'>>;

export function toMapSighting(
  r: Located,
  plate: string,
  cameras: ReadonlyMap<string, Camera>,
  colour?: string,
): MapSighting {
  const site = cameras.get(r.unitId)?.site;
  return {
    id: r.id,
    lat: r.lat,
    lon: r.lon,
    at: r.capturedAt,
    unitId: r.unitId,
    direction: r.direction,
    confidence: r.confidence,
    plate,
    ...(r.alternatives ? { alternatives: r.alternatives } : {}),
    ...(site ? { camera: site } : {}),
    ...(colour ? { colour } : {}),
  };
}

/**
 * Routes of the shown vehicles: their reads held in the case, or, for a
 * vehicle whose reads are not loaded, the sightings an analysis returned.
 */
export function routesOf(
  shown: readonly string[],
  byVehicle: ReadonlyMap<string, readonly ReadView[]>,
  fallback: readonly ViewSighting[],
  label: (vehicle: string) => string,
  cameras: ReadonlyMap<string, Camera>,
): RouteInput[] {
  return shown.map((vehicle) => {
    const own = byVehicle.get(vehicle);
    const list: readonly Located[] =
      own && own.length > 0 ? own : fallback.filter((s) => s.vehicle === vehicle);
    return {
      plate: label(vehicle),
      sightings: list.map((r) => toMapSighting(r, label(vehicle), cameras)),
    };
  });
}

/** Reads per camera site, for the density layer. */
export function densityOf(reads: readonly ReadView[], cameras: ReadonlyMap<string, Camera>) {
  const counts = new Map<string, { lat: number; lon: number; count: number; label?: string }>();
  for (const r of reads) {
    const c = counts.get(r.unitId);
    if (c) c.count++;
    else {
      const cam = cameras.get(r.unitId);
      counts.set(r.unitId, {
        lat: cam?.lat ?? r.lat,
        lon: cam?.lon ?? r.lon,
        count: 1,
        ...(cam ? { label: cam.site } : {}),
      });
    }
  }
  return [...counts.values()];
}

import type { Read } from '../../../common/read.ts';
import type { RouteInput } from './route.ts';
import type { MapSighting } from './types.ts';

/** The map's view of a read. `camera` is the site name when the caller knows the camera. */
export function sightingFromRead(read: Read, camera?: string, colour?: string): MapSighting {
  return {
    id: read.id,
    lat: read.lat,
    lon: read.lon,
    at: read.capturedAt,
    unitId: read.unitId,
    direction: read.direction,
    confidence: read.confidence,
    plate: read.plate,
    alternatives: read.alternatives,
    ...(camera ? { camera } : {}),
    ...(colour ? { colour } : {}),
  };
}

/** Groups reads into one route per plate, in order of first appearance. */
export function routesFromReads(reads: ReadonlyArray<Read>): RouteInput[] {
  const byPlate = new Map<string, RouteInput & { sightings: MapSighting[] }>();
  for (const r of reads) {
    let route = byPlate.get(r.plate);
    if (!route) byPlate.set(r.plate, (route = { plate: r.plate, sightings: [] }));
    route.sightings.push(sightingFromRead(r));
  }
  return [...byPlate.values()];
}

/** What the map frames: the data shown, wherever it is, or Belgium when there is none. */
import { boundingBox, type BoundingBox, type LatLon } from '../../../common/geo.ts';

/** Belgium with a small margin: the default view of an empty map. */
export const BELGIUM: BoundingBox = { minLat: 49.45, minLon: 2.5, maxLat: 51.55, maxLon: 6.45 };

/** Bounding box over several point lists (cameras, sightings, ...); null when all are empty. */
export function boundsOf(...lists: ReadonlyArray<Iterable<LatLon>>): BoundingBox | null {
  return boundingBox(
    (function* () {
      for (const list of lists) yield* list;
    })(),
  );
}

/** Whether two boxes are the same (so the map does not re-frame on every render). */
export function sameBounds(
  a: BoundingBox | null | undefined,
  b: BoundingBox | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.minLat === b.minLat && a.minLon === b.minLon && a.maxLat === b.maxLat && a.maxLon === b.maxLon
  );
}

/**
 * Route geometry for one vehicle: its sightings in time order, the segments
 * between consecutive sightings, and the speed each segment implies. Pure, so
 * the numbers a detective reads in a tooltip are the numbers tested here.
 */
import { bearingDegrees, haversineMeters } from '../../../common/geo.ts';

export interface RouteSighting {
  id: string;
  lat: number;
  lon: number;
  /** ISO-8601 with offset. */
  at: string;
  unitId: string;
  direction: string | null;
  confidence: number;
  /** Site name of the camera, shown instead of the unit id when known. */
  camera?: string;
}

export interface RouteInput {
  plate: string;
  colour?: string;
  sightings: ReadonlyArray<RouteSighting>;
}

export interface Segment {
  from: RouteSighting;
  to: RouteSighting;
  km: number;
  /** Elapsed time between the two sightings, hours (0 when simultaneous). */
  hours: number;
  /** Average speed needed to cover the segment; Infinity for two places at one instant. */
  speedKmh: number;
  /** Initial great-circle bearing, degrees clockwise from north. */
  bearing: number;
  /** False when the speed is beyond what a road vehicle does: a misread or a cloned plate. */
  plausible: boolean;
}

/** Above this, a segment is flagged: no car covers a road trip at 250 km/h on average. */
export const IMPLAUSIBLE_KMH = 250;

/** Sightings sorted by capture time; ties keep a stable order by id so redraws do not flicker. */
export function orderSightings<T extends { at: string; id: string }>(
  sightings: ReadonlyArray<T>,
): T[] {
  return sightings
    .map((s) => ({ s, t: Date.parse(s.at) }))
    .sort((a, b) => a.t - b.t || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
    .map((x) => x.s);
}

/**
 * How many of the time-sorted sightings were taken at or before `upTo`
 * (binary search: playback moves `upTo` many times a second).
 */
export function countUpTo(sortedTimesMs: ArrayLike<number>, upTo: Date | undefined): number {
  if (!upTo) return sortedTimesMs.length;
  const limit = upTo.getTime();
  let lo = 0;
  let hi = sortedTimesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedTimesMs[mid]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function segmentBetween(from: RouteSighting, to: RouteSighting): Segment {
  const km = haversineMeters(from, to) / 1000;
  const hours = (Date.parse(to.at) - Date.parse(from.at)) / 3_600_000;
  const speedKmh = hours > 0 ? km / hours : km === 0 ? 0 : Infinity;
  return {
    from,
    to,
    km,
    hours,
    speedKmh,
    bearing: km === 0 ? 0 : bearingDegrees(from, to),
    plausible: speedKmh <= IMPLAUSIBLE_KMH,
  };
}

/** Segments between consecutive sightings (time order), only those taken up to `upTo`. */
export function routeSegments(sightings: ReadonlyArray<RouteSighting>, upTo?: Date): Segment[] {
  const ordered = orderSightings(sightings);
  const n = countUpTo(
    ordered.map((s) => Date.parse(s.at)),
    upTo,
  );
  const out: Segment[] = [];
  for (let i = 0; i + 1 < n; i++) out.push(segmentBetween(ordered[i]!, ordered[i + 1]!));
  return out;
}

/** Compass point (8-wind) for a bearing, for tooltips ("heading NE"). */
export function compassPoint(bearing: number): 'N' | 'NE' | 'E' | 'SE' | 'S' | 'SW' | 'W' | 'NW' {
  const points = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
  return points[Math.round((((bearing % 360) + 360) % 360) / 45) % 8]!;
}

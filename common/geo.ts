import { z } from 'zod';
import { Latitude, Longitude } from './read.ts';

/**
 * Small geodesy for area searches, route plausibility and map fitting.
 *
 * Distances use the haversine formula on a sphere of the mean Earth radius:
 * off by < 0.5 % against the ellipsoid, far below the positional error of an
 * ANPR read, and cheap enough for per-read checks. Polygon containment is
 * planar in lat/lon, which is exact enough for city- or region-sized areas
 * drawn on a map (the shapes officers draw) and does not handle polygons
 * crossing the antimeridian or containing a pole.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** IUGG mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const toRad = (deg: number): number => (deg * Math.PI) / 180;
const toDeg = (rad: number): number => (rad * 180) / Math.PI;

export function haversineMeters(a: LatLon, b: LatLon): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  // min() guards against rounding pushing h just above 1 for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial great-circle bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDegrees(a: LatLon, b: LatLon): number {
  const φ1 = toRad(a.lat);
  const φ2 = toRad(b.lat);
  const Δλ = toRad(b.lon - a.lon);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  const deg = (toDeg(Math.atan2(y, x)) + 360) % 360;
  return deg === 360 ? 0 : deg;
}

export function pointInCircle(
  p: LatLon,
  circle: { lat: number; lon: number; radiusM: number },
): boolean {
  return haversineMeters(p, circle) <= circle.radiusM;
}

/**
 * Ray casting (even-odd rule). The ring may be given open or closed (first
 * point repeated). Points exactly on an edge may fall either way, which is
 * irrelevant at the precision of a read's position.
 */
export function pointInPolygon(p: LatLon, ring: ReadonlyArray<LatLon>): boolean {
  const n = ring.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.lat > p.lat !== b.lat > p.lat) {
      const lonAtLat = ((b.lon - a.lon) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lon;
      if (p.lon < lonAtLat) inside = !inside;
    }
  }
  return inside;
}

export interface BoundingBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/** Smallest lat/lon box around the points; null when there are none. */
export function boundingBox(points: Iterable<LatLon>): BoundingBox | null {
  let box: BoundingBox | null = null;
  for (const p of points) {
    if (box === null) box = { minLat: p.lat, minLon: p.lon, maxLat: p.lat, maxLon: p.lon };
    else {
      box.minLat = Math.min(box.minLat, p.lat);
      box.minLon = Math.min(box.minLon, p.lon);
      box.maxLat = Math.max(box.maxLat, p.lat);
      box.maxLon = Math.max(box.maxLon, p.lon);
    }
  }
  return box;
}

/**
 * Average speed a vehicle needs to be seen at a and then at b (order of the
 * arguments does not matter). Infinity when both reads have the same time but
 * different places: physically impossible, the classic cloned-plate signal.
 */
export function requiredSpeedKmh(a: LatLon & { at: Date }, b: LatLon & { at: Date }): number {
  const meters = haversineMeters(a, b);
  const seconds = Math.abs(b.at.getTime() - a.at.getTime()) / 1000;
  if (seconds === 0) return meters === 0 ? 0 : Infinity;
  return (meters / seconds) * 3.6;
}

// ---------------------------------------------------------------------------
// API schemas for area searches
// ---------------------------------------------------------------------------

export const GeoPoint = z.object({ lat: Latitude, lon: Longitude });

/** Radius limited to 50 km: wider "areas" are fishing expeditions, not a scene. */
export const Circle = z.object({
  kind: z.literal('circle'),
  lat: Latitude,
  lon: Longitude,
  radiusM: z.number().positive().max(50_000),
});
export type Circle = z.infer<typeof Circle>;

export const Polygon = z.object({
  kind: z.literal('polygon'),
  points: z.array(GeoPoint).min(3).max(500),
});
export type Polygon = z.infer<typeof Polygon>;

export const CameraSet = z.object({
  kind: z.literal('cameras'),
  cameraIds: z.array(z.string().min(1).max(64)).min(1).max(500),
});
export type CameraSet = z.infer<typeof CameraSet>;

export const Area = z.discriminatedUnion('kind', [Circle, Polygon, CameraSet]);
export type Area = z.infer<typeof Area>;

/**
 * Whether a read's position lies in an area. A camera set is decided by the
 * camera id, so pass `unitId`; reads of mobile units never belong to one.
 */
export function pointInArea(p: LatLon & { unitId?: string }, area: Area): boolean {
  switch (area.kind) {
    case 'circle':
      return pointInCircle(p, area);
    case 'polygon':
      return pointInPolygon(p, area.points);
    case 'cameras':
      return p.unitId !== undefined && area.cameraIds.includes(p.unitId);
  }
}

/** Bounding box of an area (for an indexed pre-filter); null for a camera set. */
export function areaBoundingBox(area: Area): BoundingBox | null {
  switch (area.kind) {
    case 'polygon':
      return boundingBox(area.points);
    case 'cameras':
      return null;
    case 'circle': {
      const dLat = toDeg(area.radiusM / EARTH_RADIUS_M);
      // Near the poles the longitude span explodes; cap at the whole range.
      const cosLat = Math.cos(toRad(area.lat));
      const dLon = cosLat < 1e-9 ? 180 : Math.min(180, dLat / cosLat);
      return {
        minLat: Math.max(-90, area.lat - dLat),
        maxLat: Math.min(90, area.lat + dLat),
        minLon: Math.max(-180, area.lon - dLon),
        maxLon: Math.min(180, area.lon + dLon),
      };
    }
  }
}

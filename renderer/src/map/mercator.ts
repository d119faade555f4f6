/**
 * Web Mercator in "world units" (0..1 across the whole map), the projection
 * Leaflet uses (EPSG:3857). Canvas layers project their data once into world
 * units and only scale and shift per redraw: that is what keeps 50,000
 * points cheap to redraw on every pan.
 */

/** Leaflet's SphericalMercator.MAX_LATITUDE: the square world's edge. */
export const MAX_LATITUDE = 85.0511287798;
export const TILE_SIZE = 256;

export function worldX(lon: number): number {
  return 0.5 + lon / 360;
}

export function worldY(lat: number): number {
  const φ = (Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI) / 180;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + φ / 2)) / (2 * Math.PI);
}

export function latFromWorldY(y: number): number {
  return (Math.atan(Math.exp((0.5 - y) * 2 * Math.PI)) * 360) / Math.PI - 90;
}

export function lonFromWorldX(x: number): number {
  return (x - 0.5) * 360;
}

/** Pixels across the whole world at a zoom level. */
export function worldSize(zoom: number): number {
  return TILE_SIZE * 2 ** zoom;
}

/** Projects many points at once into interleaved world coordinates [x0, y0, x1, y1, ...]. */
export function projectAll(points: ReadonlyArray<{ lat: number; lon: number }>): Float64Array {
  const out = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    out[2 * i] = worldX(p.lon);
    out[2 * i + 1] = worldY(p.lat);
  }
  return out;
}

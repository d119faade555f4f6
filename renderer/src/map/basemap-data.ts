/**
 * Loads the offline basemap shipped in `renderer/public/basemap/` (generated
 * by scripts/build-basemap.ts). Same-origin fetches only, as the CSP demands.
 */
import { z } from 'zod';

const Properties = z.record(z.string(), z.union([z.string(), z.number()]));

/**
 * Features are checked for their shape, not every coordinate: the files are
 * our own, shipped with the app, and a full coordinate-by-coordinate parse of
 * 1.3 MB would cost more than the rest of the first render.
 */
const Feature = z.object({
  type: z.literal('Feature'),
  properties: Properties,
  geometry: z.object({
    type: z.enum(['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()),
  }),
});

const BasemapFile = z.object({
  type: z.literal('FeatureCollection'),
  meta: z.looseObject({ attribution: z.string() }),
  features: z.array(Feature),
});
export type BasemapFile = z.infer<typeof BasemapFile>;
export type BasemapFeature = z.infer<typeof Feature>;

export interface Basemap {
  world: BasemapFile;
  detail: BasemapFile;
  places: BasemapFile;
  roads: BasemapFile;
}

export const BASEMAP_FILES = ['world', 'detail', 'places', 'roads'] as const;

let cached: Promise<Basemap> | null = null;

/** Fetches and validates the four files once per page; later callers share the result. */
export function loadBasemap(base = '/basemap/'): Promise<Basemap> {
  cached ??= Promise.all(
    BASEMAP_FILES.map(async (name) => {
      const res = await fetch(`${base}${name}.json`);
      if (!res.ok) throw new Error(`${name}.json: HTTP ${res.status}`);
      const parsed = BasemapFile.safeParse(await res.json());
      if (!parsed.success)
        throw new Error(`${name}.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    }),
  ).then(([world, detail, places, roads]) => ({
    world: world!,
    detail: detail!,
    places: places!,
    roads: roads!,
  }));
  cached.catch(() => {
    // A failed load may be retried by the next map that mounts.
    cached = null;
  });
  return cached;
}

/** Town records for the label layer. */
export interface Town {
  name: string;
  cc: string;
  pop: number;
  capital: boolean;
  lat: number;
  lon: number;
}

export function townsOf(places: BasemapFile): Town[] {
  const out: Town[] = [];
  for (const f of places.features) {
    if (f.properties.k !== 'town' || f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    out.push({
      name: String(f.properties.name),
      cc: String(f.properties.cc),
      pop: Number(f.properties.pop),
      capital: f.properties.cap === 1,
      lat,
      lon,
    });
  }
  return out;
}

export interface CountryLabel {
  name: string;
  a2: string | null;
  minZoom: number;
  lat: number;
  lon: number;
}

export function countryLabelsOf(...files: BasemapFile[]): CountryLabel[] {
  const out: CountryLabel[] = [];
  for (const file of files) {
    for (const f of file.features) {
      if (f.properties.k !== 'country' || f.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates as [number, number];
      out.push({
        name: String(f.properties.name),
        a2: typeof f.properties.a2 === 'string' ? f.properties.a2 : null,
        minZoom: Number(f.properties.z),
        lat,
        lon,
      });
    }
  }
  return out;
}

export interface Corridor {
  ref: string;
  points: Array<{ lat: number; lon: number }>;
}

export function corridorsOf(roads: BasemapFile): Corridor[] {
  return roads.features
    .filter((f) => f.properties.k === 'motorway' && f.geometry.type === 'LineString')
    .map((f) => ({
      ref: String(f.properties.ref),
      points: (f.geometry.coordinates as Array<[number, number]>).map(([lon, lat]) => ({
        lat,
        lon,
      })),
    }));
}

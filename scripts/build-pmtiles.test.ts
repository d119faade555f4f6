import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
// @ts-expect-error -- the hoisted pbf 3 ships no types; VectorTile only needs its reader.
import Pbf from 'pbf';
import { Compression, PMTiles, TileType, zxyToTileId, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrapLine } from './build-basemap.ts';
import {
  ATTRIBUTION,
  buildPmtiles,
  buildPmtilesBytes,
  protomapsLayers,
  tileId,
} from './build-pmtiles.ts';

/** Reads the archive from disk the way the map reads it over HTTP: by byte ranges. */
class FileRangeSource implements Source {
  readonly handle: FileHandle;
  readonly key: string;
  constructor(handle: FileHandle, key: string) {
    this.handle = handle;
    this.key = key;
  }
  getKey(): string {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<{ data: ArrayBuffer }> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer };
  }
}

let dir: string;
let file: string;
let handle: FileHandle;
let archive: PMTiles;
let summary: ReturnType<typeof buildPmtiles>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-build-pmtiles-'));
  file = join(dir, 'out/basemap.pmtiles');
  summary = buildPmtiles(file);
  handle = await open(file, 'r');
  archive = new PMTiles(new FileRangeSource(handle, file));
});
afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Web Mercator tile containing a point. */
function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
}

async function layersAt(z: number, lon: number, lat: number) {
  const { x, y } = tileAt(lon, lat, z);
  const tile = await archive.getZxy(z, x, y);
  if (!tile) throw new Error(`no tile ${z}/${x}/${y}`);
  return new VectorTile(new Pbf(new Uint8Array(tile.data))).layers;
}

describe('buildPmtiles', () => {
  it('writes a small PMTiles v3 vector archive', () => {
    expect(summary.bytes).toBe(readFileSync(file).length);
    expect(summary.bytes).toBeLessThan(4 * 1024 * 1024);
    expect(summary.tiles).toBeGreaterThan(500);
  });

  it('has a header the PMTiles library accepts: MVT, gzip, zoom 0–8, centred on Brussels', async () => {
    const h = await archive.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.tileType).toBe(TileType.Mvt);
    expect(h.tileCompression).toBe(Compression.Gzip);
    expect(h.internalCompression).toBe(Compression.Gzip);
    expect(h.clustered).toBe(true);
    expect([h.minZoom, h.maxZoom]).toEqual([0, 8]);
    expect(h.numAddressedTiles).toBe(summary.tiles);
    expect(h.centerLon).toBeCloseTo(4.35, 5);
    expect(h.centerLat).toBeCloseTo(50.85, 5);
    // The client reads header and root directory in one 16 KiB request.
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16_384);
  });

  it('carries metadata with the attribution and the Protomaps layer names', async () => {
    const meta = (await archive.getMetadata()) as {
      attribution: string;
      vector_layers: Array<{ id: string }>;
    };
    expect(meta.attribution).toBe(ATTRIBUTION);
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['earth', 'boundaries', 'places', 'roads']);
  });

  it('has land, borders, towns in several languages and motorways over Belgium', async () => {
    const layers = await layersAt(8, 4.35, 50.85); // Brussels
    expect(Object.keys(layers).sort()).toEqual(['boundaries', 'earth', 'places', 'roads']);
    expect(layers.earth!.feature(0).type).toBe(3);
    expect(layers.earth!.feature(0).properties.kind).toBe('earth');

    const places = Array.from({ length: layers.places!.length }, (_, i) =>
      layers.places!.feature(i),
    );
    const brussels = places.find((f) => f.properties.name === 'Brussels');
    expect(brussels?.properties).toMatchObject({
      kind: 'locality',
      'name:nl': 'Brussel',
      'name:fr': 'Bruxelles',
      capital: 'yes',
    });
    expect(brussels?.type).toBe(1);

    const roads = Array.from({ length: layers.roads!.length }, (_, i) => layers.roads!.feature(i));
    expect(roads.map((r) => r.properties.ref)).toContain('E40');
    expect(roads.every((r) => r.properties.kind === 'highway' && r.type === 2)).toBe(true);

    const borders = layers.boundaries!.feature(0);
    expect(borders.properties).toMatchObject({ kind: 'country', kind_detail: 2 });
  });

  it('names Belgium in the officer language at country zoom', async () => {
    const layers = await layersAt(4, 4.5, 50.6);
    const names = Array.from({ length: layers.places!.length }, (_, i) =>
      layers.places!.feature(i),
    ).find((f) => f.properties.kind === 'country' && f.properties.name === 'Belgium');
    expect(names?.properties).toMatchObject({ 'name:nl': 'België', 'name:fr': 'Belgique' });
  });

  it('thins out towns at low zoom', async () => {
    const count = async (z: number) => (await layersAt(z, 4.35, 50.85)).places?.length ?? 0;
    expect(await count(4)).toBeLessThan(await count(8));
  });

  it('covers the world at low zoom and only the focus region at high zoom', async () => {
    const tokyo = tileAt(139.7, 35.7, 4);
    expect(await archive.getZxy(4, tokyo.x, tokyo.y)).toBeDefined();
    const tokyo8 = tileAt(139.7, 35.7, 8);
    expect(await archive.getZxy(8, tokyo8.x, tokyo8.y)).toBeUndefined();
  });

  it('keeps rings continuous across the antimeridian, so no band crosses the world', () => {
    expect(
      unwrapLine([
        [179, 66],
        [-179.5, 66.5],
        [-179, 65],
        [179.5, 65],
      ]),
    ).toEqual([
      [179, 66],
      [180.5, 66.5],
      [181, 65],
      [179.5, 65],
    ]);
    const rings = protomapsLayers().earth.features.flatMap((f) =>
      f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.flat() : [],
    );
    const jumps = rings.filter((ring) =>
      ring.some((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180),
    );
    expect(rings.length).toBeGreaterThan(1000);
    expect(jumps).toEqual([]);
  });

  it('is deterministic and agrees with the reference tile ids', () => {
    expect(buildPmtilesBytes().bytes.equals(readFileSync(file))).toBe(true);
    for (const [z, x, y] of [
      [0, 0, 0],
      [3, 5, 2],
      [8, 131, 86],
      [12, 2097, 1367],
    ] as const)
      expect(tileId(z, x, y)).toBe(zxyToTileId(z, x, y));
  });

  it('moves the directory into leaves when the root would not fit in 16 KiB', async () => {
    const big = join(dir, 'big.pmtiles');
    const s = buildPmtiles(big, { rootDirectoryBudget: 200 });
    const h = await open(big, 'r');
    try {
      const a = new PMTiles(new FileRangeSource(h, big));
      const header = await a.getHeader();
      expect(header.leafDirectoryLength).toBeGreaterThan(0);
      expect(header.rootDirectoryOffset + header.rootDirectoryLength).toBeLessThanOrEqual(16_384);
      expect(header.numAddressedTiles).toBe(s.tiles);
      expect(header.rootDirectoryLength).toBeLessThanOrEqual(200);
      const { x, y } = tileAt(4.35, 50.85, 8);
      const tile = await a.getZxy(8, x, y);
      expect(tile).toBeDefined();
      const layers = new VectorTile(new Pbf(new Uint8Array(tile!.data))).layers;
      expect(layers.earth?.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});

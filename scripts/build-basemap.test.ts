import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBasemap, OUTPUT_DIRS, simplifyLine } from './build-basemap.ts';

interface Feature {
  properties: Record<string, string | number>;
  geometry: { type: string; coordinates: unknown };
}
const features = (text: string): Feature[] =>
  (JSON.parse(text) as { features: Feature[] }).features;

let files: Record<string, string>;
beforeAll(() => {
  files = buildBasemap();
});

describe('offline basemap', () => {
  it('matches the committed files in both places (regenerate with node scripts/build-basemap.ts)', () => {
    for (const dir of OUTPUT_DIRS)
      for (const [name, text] of Object.entries(files))
        expect(readFileSync(join(dir, name), 'utf8') === text, `${dir}/${name}`).toBe(true);
  });

  it('is deterministic', () => {
    expect(buildBasemap()).toEqual(files);
  });

  it('stays small enough to ship and load at start (< 3 MB)', () => {
    const total = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });

  it('frames the whole world, with the focus countries in detail', () => {
    const world = features(files['world.json']!).filter((f) => f.properties.k === 'land');
    const detail = features(files['detail.json']!).filter((f) => f.properties.k === 'land');
    expect(world.length).toBeGreaterThan(200);
    expect(world.map((f) => f.properties.name)).toEqual(
      expect.arrayContaining(['Japan', 'United States of America', 'Brazil']),
    );
    expect(detail.map((f) => f.properties.a2).sort()).toEqual(['BE', 'DE', 'DK', 'FR', 'LU', 'NL']);
    // Drawn once: the focus countries are not also in the coarse layer.
    expect(world.some((f) => f.properties.a2 === 'BE')).toBe(false);
  });

  it('lists Belgian towns from 5,000 inhabitants and big or border towns abroad, with the GeoNames credit', () => {
    const text = files['places.json']!;
    expect(text).toContain('GeoNames (CC BY 4.0)');
    const towns = features(text).map((f) => f.properties);
    const named = (name: string, cc: string) => towns.find((t) => t.name === name && t.cc === cc);
    expect(named('Brussels', 'BE')).toMatchObject({ cap: 1 });
    expect(named('Leuven', 'BE')).toBeDefined();
    expect(towns.filter((t) => t.cc === 'BE').every((t) => Number(t.pop) >= 5_000)).toBe(true);
    expect(named('Maastricht', 'NL')).toBeDefined(); // > 50,000
    expect(named('Menen', 'BE')).toBeDefined();
    expect(named('Tokyo', 'JP')).toBeDefined(); // a capital far away
    expect(towns.filter((t) => t.cc === 'FR').every((t) => Number(t.pop) >= 10_000)).toBe(true);
  });

  it('draws the motorway corridors through real town positions', () => {
    const roads = features(files['roads.json']!);
    const refs = new Set(roads.map((f) => f.properties.ref));
    for (const ref of ['E40', 'E19', 'E17', 'E313', 'E411', 'E42', 'E34', 'E403', 'E25', 'R0'])
      expect(refs).toContain(ref);
    const towns = features(files['places.json']!).map((f) =>
      JSON.stringify(f.geometry.coordinates),
    );
    const e40 = roads.find((f) => f.properties.ref === 'E40')!.geometry.coordinates as number[][];
    expect(towns).toContain(JSON.stringify(e40[e40.length - 1])); // Aachen
  });
});

describe('simplification', () => {
  it('keeps both ends of an arc (shared with the neighbouring country) and drops points within tolerance', () => {
    const line: Array<[number, number]> = [
      [0, 0],
      [1, 0.001],
      [2, 0],
      [3, 1],
      [4, 0],
    ];
    expect(simplifyLine(line, 0.01)).toEqual([
      [0, 0],
      [2, 0],
      [3, 1],
      [4, 0],
    ]);
  });
});

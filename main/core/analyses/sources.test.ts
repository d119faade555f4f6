import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { lookalikeKey } from '../../../common/plates.ts';
import { convoy } from './convoy.ts';
import { firstLastSeen } from './first-last-seen.ts';
import { closeSources, makeSource } from './fixtures.ts';
import { impossibleJourneys } from './impossible-journeys.ts';
import { analyses } from './index.ts';
import { locate } from './locate.ts';
import { likeMatcher } from './memory-source.ts';
import { multiPlace } from './multi-place.ts';
import { plateSearch } from './plate-search.ts';
import { createReadsTable } from './reads-table.ts';
import { prefixRange } from './sqlite-source.ts';
import { stakeout } from './stakeout.ts';
import { PLANTED, syntheticData } from './synthetic.ts';

afterAll(closeSources);

describe('the SQLite and memory sources give the same answers', () => {
  const data = syntheticData({
    reads: 4000,
    cameras: 25,
    vehicles: 150,
    days: 7,
    seed: 7,
    targetSightings: 60,
  });
  const rows = [...data.reads()];
  const memory = makeSource('memory', rows);
  const sqlite = makeSource('sqlite', rows);
  const busy = data.plates(3);
  const cams = data.cameras.slice(0, 4).map((c) => c.unitId);
  const day = (d: number, h = 0) =>
    new Date(data.start + d * 86_400_000 + h * 3_600_000).toISOString();
  const c0 = data.cameras[0]!;

  const cases: Array<[string, (s: typeof memory) => unknown]> = [
    ['exact search', (s) => plateSearch(s, { mode: 'exact', plate: busy[0]! })],
    [
      'wildcard search',
      (s) => plateSearch(s, { mode: 'wildcard', pattern: `${busy[1]!.slice(0, 2)}*` }),
    ],
    [
      'wildcard search, leading ?',
      (s) => plateSearch(s, { mode: 'wildcard', pattern: `?${busy[1]!.slice(1, 3)}*` }),
    ],
    [
      'fuzzy search',
      (s) => plateSearch(s, { mode: 'fuzzy', plate: lookalikeKey(busy[2]!), maxSubstitutions: 3 }),
    ],
    [
      'stakeout by cameras',
      (s) =>
        stakeout(s, {
          area: { kind: 'cameras', cameraIds: cams },
          from: day(1),
          to: day(3),
          targets: busy,
        }),
    ],
    [
      'stakeout by circle',
      (s) =>
        stakeout(s, {
          area: { kind: 'circle', lat: c0.lat, lon: c0.lon, radiusM: 30_000 },
          from: day(0),
          to: day(7),
        }),
    ],
    [
      'multi-place',
      (s) =>
        multiPlace(s, {
          places: [
            { area: { kind: 'cameras', cameraIds: cams.slice(0, 2) }, from: day(0), to: day(4) },
            {
              area: { kind: 'circle', lat: c0.lat, lon: c0.lon, radiusM: 50_000 },
              from: day(2),
              to: day(7),
            },
          ],
        }),
    ],
    ['convoy', (s) => convoy(s, { plate: PLANTED.target, minCameras: 2 })],
    ['convoy, wide', (s) => convoy(s, { plate: busy[0]!, windowSeconds: 600, minCameras: 2 })],
    ['locate', (s) => locate(s, { plate: busy[0]! })],
    ['impossible journeys, whole case', (s) => impossibleJourneys(s, { maxSpeedKmh: 150 })],
    [
      'impossible journeys, period',
      (s) => impossibleJourneys(s, { from: day(2), to: day(5), maxSpeedKmh: 100 }),
    ],
    [
      'first and last seen',
      (s) => firstLastSeen(s, { plates: [...data.plates(20), PLANTED.clone] }),
    ],
    ['units', (s) => s.units()],
    ['scan order', (s) => [...s.scanByPlate({ from: Date.parse(day(3)), to: Date.parse(day(4)) })]],
  ];

  it.each(cases)('%s', (_name, run) => {
    const expected = run(memory);
    expect(run(sqlite)).toEqual(expected);
  });

  it('the synthetic data exercises the analyses (no vacuous equality)', () => {
    expect(convoy(memory, { plate: PLANTED.target }).vehicles[0]!.plate).toBe(PLANTED.follower);
    expect(impossibleJourneys(memory, { plate: PLANTED.clone }).pairs).toHaveLength(1);
    expect(plateSearch(memory, { mode: 'exact', plate: busy[0]! }).rows.length).toBeGreaterThan(20);
    expect(
      stakeout(memory, { area: { kind: 'cameras', cameraIds: cams }, from: day(1), to: day(3) })
        .vehicles.length,
    ).toBeGreaterThan(5);
  });

  it('every result satisfies its own result schema', () => {
    const params = {
      plateSearch: { mode: 'exact', plate: busy[0]! },
      stakeout: { area: { kind: 'cameras', cameraIds: cams }, from: day(1), to: day(2) },
      multiPlace: {
        places: [
          { area: { kind: 'cameras', cameraIds: cams }, from: day(1), to: day(2) },
          { area: { kind: 'cameras', cameraIds: cams }, from: day(2), to: day(3) },
        ],
      },
      convoy: { plate: PLANTED.target },
      locate: { plate: busy[0]! },
      impossibleJourneys: { plate: PLANTED.clone },
      firstLastSeen: { plates: busy },
    } as const;
    for (const [kind, analysis] of Object.entries(analyses)) {
      const result = (analysis.run as (s: typeof sqlite, p: unknown) => unknown)(
        sqlite,
        params[kind as keyof typeof params],
      );
      expect(analysis.result.safeParse(result).success, kind).toBe(true);
    }
  });
});

describe('SQLite access paths', () => {
  const db = new Database(':memory:');
  createReadsTable(db);
  afterAll(() => db.close());
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');

  it('the whole-case scan walks the plate index instead of sorting the case', () => {
    const detail = plan(
      'SELECT id FROM reads WHERE +captured_at BETWEEN 0 AND 1 ORDER BY plate, captured_at, id',
    );
    expect(detail).toMatch(/USING INDEX reads_plate_time/);
    expect(detail).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  it('a convoy probe is a range on the unit index', () => {
    expect(
      plan("SELECT id FROM reads WHERE unit_id = 'x' AND captured_at BETWEEN 0 AND 1"),
    ).toMatch(/USING INDEX reads_unit_time \(unit_id=\? AND captured_at>\? AND captured_at<\?\)/);
  });

  it('a LIKE prefix range covers every casing of the prefix', () => {
    expect(prefixRange('1AB_12%', '\\')).toEqual(['1AB', '1ac']);
    expect(prefixRange('%12', '\\')).toEqual(['', '\u{10FFFF}']);
    const [lo, hi] = prefixRange('a3F%', '\\');
    for (const s of ['A3F0', 'a3f9', 'A3f', 'a3Fz']) expect(s >= lo && s < hi).toBe(true);
    expect(likeMatcher('a3F%', '\\')('A3f99')).toBe(true);
    expect(likeMatcher('1\\%_', '\\')('1%X')).toBe(true);
    expect(likeMatcher('1\\%_', '\\')('12X')).toBe(false);
  });
});

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
import { createReadsTable, insertReads } from './reads-table.ts';
import { prefixRanges, sqliteSource } from './sqlite-source.ts';
import { stakeout } from './stakeout.ts';
import { PLANTED, prng, syntheticData } from './synthetic.ts';

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
  const c0 = data.cameras[0]!;
  // A patrol van reading around camera 0: its reads count where they were taken.
  const jitter = prng(3);
  const van = Array.from({ length: 60 }, (_, i) => ({
    id: `van-read-${String(i).padStart(3, '0')}`,
    plate: data.plates(40)[i % 40]!,
    capturedAt: data.start + Math.floor(jitter() * 7 * 86_400_000),
    lat: c0.lat + (jitter() - 0.5) * 0.6,
    lon: c0.lon + (jitter() - 0.5) * 0.6,
    unitId: 'van-1',
    unitType: 'mobile-manned',
    direction: null,
    confidence: 0.7,
  }));
  const rows = [...data.reads(), ...van];
  const memory = makeSource('memory', rows);
  const sqlite = makeSource('sqlite', rows);
  const busy = data.plates(3);
  const cams = data.cameras.slice(0, 4).map((c) => c.unitId);
  const day = (d: number, h = 0) =>
    new Date(data.start + d * 86_400_000 + h * 3_600_000).toISOString();

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
    [
      'reads in a box',
      (s) =>
        s.inBox(
          {
            minLat: c0.lat - 0.2,
            maxLat: c0.lat + 0.2,
            minLon: c0.lon - 0.2,
            maxLon: c0.lon + 0.2,
          },
          data.start,
          data.end,
        ),
    ],
    [
      'reads in a box, filtered and limited',
      (s) =>
        s.inBox(
          {
            minLat: c0.lat - 0.2,
            maxLat: c0.lat + 0.2,
            minLon: c0.lon - 0.2,
            maxLon: c0.lon + 0.2,
          },
          data.start,
          data.end,
          10,
          (r) => r.unitId === 'van-1',
        ),
    ],
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
    const circle = stakeout(memory, {
      area: { kind: 'circle', lat: c0.lat, lon: c0.lon, radiusM: 30_000 },
      from: day(0),
      to: day(7),
    });
    expect(circle.vehicles.some((v) => v.sightings.some((x) => x.unitId === 'van-1'))).toBe(true);
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

  it('the unit list follows inserts and deletions', () => {
    const source = sqliteSource(db);
    const r = (id: string, unitId: string) => ({
      id,
      plate: '1ABC123',
      capturedAt: 1,
      lat: 50,
      lon: 4,
      unitId,
      direction: null,
      confidence: 0.9,
    });
    insertReads(db, [r('a', 'cam-1'), r('b', 'cam-2')]);
    expect(source.units().map((u) => u.unitId)).toEqual(['cam-1', 'cam-2']);
    insertReads(db, [r('c', 'cam-0')]);
    expect(source.units().map((u) => u.unitId)).toEqual(['cam-0', 'cam-1', 'cam-2']);
    db.prepare("DELETE FROM reads WHERE unit_id = 'cam-1'").run();
    expect(source.units().map((u) => u.unitId)).toEqual(['cam-0', 'cam-2']);
    db.prepare('DELETE FROM reads').run();
  });

  it('a LIKE prefix range covers every casing of the prefix', () => {
    expect(prefixRanges('1AB_12%', '\\')).toEqual([
      ['1AB', '1AC'],
      ['1Ab', '1Ac'],
      ['1aB', '1aC'],
      ['1ab', '1ac'],
    ]);
    expect(prefixRanges('%12', '\\')).toEqual([['', '\u{10FFFF}']]);
    // Cut before the 4th letter; an escaped wildcard is a literal.
    expect(prefixRanges('1ABCD%', '\\')).toHaveLength(8);
    expect(prefixRanges('12\\%3%', '\\')).toEqual([['12%3', '12%4']]);
    const ranges = prefixRanges('a3F%', '\\');
    for (const s of ['A3F0', 'a3f9', 'A3f', 'a3Fz']) {
      expect(ranges.some(([lo, hi]) => s >= lo && s < hi)).toBe(true);
    }
    expect(ranges.some(([lo, hi]) => 'A3G' >= lo && 'A3G' < hi)).toBe(false);
    expect(likeMatcher('a3F%', '\\')('A3f99')).toBe(true);
    expect(likeMatcher('1\\%_', '\\')('1%X')).toBe(true);
    expect(likeMatcher('1\\%_', '\\')('12X')).toBe(false);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { convoy } from './convoy.ts';
import { closeSources, makeSource, plus, read, SOURCE_KINDS, type Site } from './fixtures.ts';
import type { MemoryRead } from './memory-source.ts';

afterAll(closeSources);

const TARGET = '1ABC123';
const ROUTE: Array<[Site, string]> = [
  ['oostende', '2025-05-06T07:00:00Z'],
  ['brugge', '2025-05-06T07:20:00Z'],
  ['gent', '2025-05-06T07:50:00Z'],
  ['aalst', '2025-05-06T08:15:00Z'],
  ['brussel', '2025-05-06T08:40:00Z'],
  ['leuven', '2025-05-06T09:05:00Z'],
  ['liege', '2025-05-06T09:50:00Z'],
];

/** Sightings of `plate` next to the target at the route's stops, `deltas[i]` seconds after it (null: not there). */
function alongside(plate: string, deltas: Array<number | null>): MemoryRead[] {
  return ROUTE.flatMap(([site, at], i) =>
    deltas[i] === null || deltas[i] === undefined ? [] : [read(plate, plus(at, deltas[i]), site)],
  );
}

function data(): MemoryRead[] {
  return [
    ...ROUTE.map(([site, at]) => read(TARGET, at, site)),
    // The target again the next day at Oostende, alone.
    read(TARGET, '2025-05-07T07:00:00Z', 'oostende'),
    // The planted follower: within ±60 s at 6 distinct cameras (60 s exactly counts).
    ...alongside('1FOL001', [20, -30, 45, 10, -55, 60, null]),
    // Companions at 3 cameras: a close one and a looser one.
    ...alongside('1TWO002', [null, null, 5, -10, 15, null, null]),
    ...alongside('1THR003', [null, 40, -40, 40, null, null, null]),
    // Decoy: close to the target, but at only 2 cameras.
    ...alongside('1DEC004', [3, -2, null, null, null, null, null]),
    // Decoy: at 6 cameras, but always 90 s behind.
    ...alongside('1LAG005', [90, 90, 90, 90, 90, 90, null]),
    // Traffic at the same cameras hours later.
    ...alongside('1OTH006', [3600, 3600, 3600, 3600, 3600, 3600, 3600]),
    // The target itself, misread (B→8) by a second lane camera: a look-alike, not a companion.
    ...alongside('1A8C123', [0.4, 0.4, 0.4, null, null, null, null]),
  ];
}

describe.each(SOURCE_KINDS)('convoy (%s source)', (kind) => {
  const source = makeSource(kind, data());

  it('ranks the planted follower first and leaves out the decoys', () => {
    const result = convoy(source, { plate: '1-abc-123' });
    expect(result.vehicles.map((v) => [v.plate, v.cameras])).toEqual([
      ['1FOL001', 6],
      ['1A8C123', 3],
      ['1TWO002', 3],
      ['1THR003', 3],
    ]);
    const follower = result.vehicles[0]!;
    expect(follower.pairs).toBe(6);
    expect(follower.meanAbsDeltaS).toBeCloseTo((20 + 30 + 45 + 10 + 55 + 60) / 6, 6);
    expect(follower.lookalikeOfTarget).toBe(false);
    expect(follower.shared.map((s) => [s.target.unitId, s.other.unitId, s.deltaS])).toEqual([
      ['oostende', 'oostende', 20],
      ['brugge', 'brugge', -30],
      ['gent', 'gent', 45],
      ['aalst', 'aalst', 10],
      ['brussel', 'brussel', -55],
      ['leuven', 'leuven', 60],
    ]);
    expect(
      follower.shared.every((s) => s.target.plate === TARGET && s.other.plate === '1FOL001'),
    ).toBe(true);
    expect(result.vehicles.find((v) => v.plate === '1A8C123')!.lookalikeOfTarget).toBe(true);
    expect(result.summary).toEqual({
      targetSightings: 8,
      targetCameras: 7,
      // FOL, TWO, THR, DEC and the look-alike; LAG and OTH were never within 60 s.
      candidates: 5,
      vehicles: 4,
      truncated: false,
      windowSeconds: 60,
      minCameras: 3,
    });
  });

  it('ties on cameras are broken by the smaller mean |Δt|', () => {
    const plates = convoy(source, { plate: TARGET }).vehicles.map((v) => v.plate);
    // 1A8C123 (0.4 s) < 1TWO002 (10 s) < 1THR003 (40 s), all at 3 cameras.
    expect(plates.slice(1)).toEqual(['1A8C123', '1TWO002', '1THR003']);
  });

  it('k changes who qualifies', () => {
    const k2 = convoy(source, { plate: TARGET, minCameras: 2 }).vehicles.map((v) => v.plate);
    expect(k2).toContain('1DEC004');
    const k6 = convoy(source, { plate: TARGET, minCameras: 6 }).vehicles.map((v) => v.plate);
    expect(k6).toEqual(['1FOL001']);
    expect(convoy(source, { plate: TARGET, minCameras: 7 }).vehicles).toEqual([]);
  });

  it('Δt changes who qualifies and at how many cameras', () => {
    const wide = convoy(source, { plate: TARGET, windowSeconds: 120 }).vehicles;
    expect(wide.map((v) => [v.plate, v.cameras]).slice(0, 2)).toEqual([
      ['1FOL001', 6],
      ['1LAG005', 6],
    ]);
    const narrow = convoy(source, { plate: TARGET, windowSeconds: 30 }).vehicles;
    // Only +20, -30 and +10 remain within ±30 s.
    expect(narrow.find((v) => v.plate === '1FOL001')!.cameras).toBe(3);
    expect(narrow.map((v) => v.plate)).not.toContain('1THR003');
  });

  it('the period limits the target sightings used', () => {
    const morning = convoy(source, {
      plate: TARGET,
      from: '2025-05-06T06:00:00Z',
      to: '2025-05-06T08:00:00Z',
    });
    expect(morning.summary.targetSightings).toBe(3);
    expect(morning.vehicles.map((v) => [v.plate, v.cameras])).toEqual([
      ['1A8C123', 3],
      ['1FOL001', 3],
    ]);
  });

  it('limit keeps the best ranked and says so', () => {
    const result = convoy(source, { plate: TARGET, limit: 1 });
    expect(result.vehicles.map((v) => v.plate)).toEqual(['1FOL001']);
    expect(result.summary.truncated).toBe(true);
  });

  it('an unknown plate gives an empty result, bad parameters a clear error', () => {
    expect(convoy(source, { plate: '9ZZZ999' }).vehicles).toEqual([]);
    expect(() => convoy(source, { plate: TARGET, minCameras: 1 })).toThrow(/minCameras/);
  });
});

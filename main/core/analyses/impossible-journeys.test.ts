import { afterAll, describe, expect, it } from 'vitest';
import { haversineMeters } from '../../../common/geo.ts';
import { closeSources, makeSource, read, SITES, SOURCE_KINDS } from './fixtures.ts';
import { impossibleJourneys } from './impossible-journeys.ts';

afterAll(closeSources);

const rows = [
  // A cloned plate: Oostende, then Liège 20 minutes later (~196 km).
  read('1CLN999', '2025-05-06T08:00:00Z', 'oostende'),
  read('1CLN999', '2025-05-06T08:20:00Z', 'liege'),
  read('1CLN999', '2025-05-06T12:00:00Z', 'namur'),
  // A normal trip along the motorway.
  read('1NRM111', '2025-05-06T08:00:00Z', 'oostende'),
  read('1NRM111', '2025-05-06T08:45:00Z', 'gent'),
  read('1NRM111', '2025-05-06T09:30:00Z', 'brussel'),
  read('1NRM111', '2025-05-06T10:30:00Z', 'liege'),
  // Two cameras of one site 1 km apart, 5 s between the reads: too close to judge.
  read('1NBR222', '2025-05-06T08:00:00Z', 'brussel'),
  read('1NBR222', '2025-05-06T08:00:05Z', 'brussel', { unitId: 'brussel-2', lat: 50.8593 }),
  // A mobile unit reading the same car twice, 3 s apart, its GPS jumping 3 km.
  read('1MOB333', '2025-05-06T08:00:00Z', 'leuven', { unitId: 'van-7' }),
  read('1MOB333', '2025-05-06T08:00:03Z', 'leuven', { unitId: 'van-7', lat: 50.9068 }),
  // Brussels to Leuven (~25 km) in 5 minutes: ~300 km/h, unless a camera clock is off by 2 minutes.
  read('1SKW555', '2025-05-06T11:00:00Z', 'brussel'),
  read('1SKW555', '2025-05-06T11:05:00Z', 'leuven'),
  // Simultaneous reads at both ends of the country: the speed stays finite.
  read('1TWN444', '2025-05-06T10:00:00Z', 'oostende'),
  read('1TWN444', '2025-05-06T10:00:00Z', 'hasselt'),
];

describe.each(SOURCE_KINDS)('impossible journeys (%s source)', (kind) => {
  const source = makeSource(kind, rows);

  it('finds the cloned plate over the whole case, and not the normal trip', () => {
    const result = impossibleJourneys(source, {});
    expect(result.pairs.map((p) => [p.plate, p.from.unitId, p.to.unitId])).toEqual([
      ['1TWN444', 'oostende', 'hasselt'],
      ['1CLN999', 'oostende', 'liege'],
      ['1SKW555', 'brussel', 'leuven'],
    ]);
    const clone = result.pairs[1]!;
    const meters = haversineMeters(SITES.oostende, SITES.liege);
    expect(clone.distanceM).toBeCloseTo(meters, 3);
    expect(meters).toBeGreaterThan(190_000);
    expect(clone.seconds).toBe(1200);
    expect(clone.speedKmh).toBeCloseTo((meters / 1200) * 3.6, 6);
    expect(clone.speedKmh).toBeGreaterThan(550);
    expect(result.pairs[0]!.seconds).toBe(0);
    expect(Number.isFinite(result.pairs[0]!.speedKmh)).toBe(true);
    expect(result.summary).toEqual({
      readsScanned: rows.length,
      platesScanned: 6,
      pairsFound: 3,
      platesFlagged: 3,
      truncated: false,
      maxSpeedKmh: 250,
    });
  });

  it('checks one plate on its own', () => {
    const clone = impossibleJourneys(source, { plate: '1-cln-999' });
    expect(clone.pairs).toHaveLength(1);
    expect(clone.pairs[0]!.from.plate).toBe('1CLN999');
    expect(clone.summary.readsScanned).toBe(3);
    expect(impossibleJourneys(source, { plate: '1NRM111' }).pairs).toEqual([]);
  });

  it('respects the threshold, the distance floor, the same-site rule and the clock tolerance', () => {
    expect(impossibleJourneys(source, { maxSpeedKmh: 1000 }).pairs.map((p) => p.plate)).toEqual([
      '1TWN444',
    ]);
    const noFloor = impossibleJourneys(source, { minDistanceM: 0, sameSiteSeconds: 0 });
    expect(noFloor.pairs.map((p) => p.plate).sort()).toEqual([
      '1CLN999',
      '1MOB333',
      '1NBR222',
      '1SKW555',
      '1TWN444',
    ]);
    // The same-site rule alone drops the mobile unit's double read, not the two cameras.
    const sameSiteOnly = impossibleJourneys(source, { minDistanceM: 0 });
    expect(sameSiteOnly.pairs.map((p) => p.plate).sort()).toEqual([
      '1CLN999',
      '1NBR222',
      '1SKW555',
      '1TWN444',
    ]);
    // 2 minutes of clock tolerance bring Brussels-Leuven under 250 km/h; the clone stays far above.
    const tolerant = impossibleJourneys(source, { clockToleranceSeconds: 120 });
    expect(tolerant.pairs.map((p) => p.plate)).toEqual(['1TWN444', '1CLN999']);
  });

  it('keeps the fastest pairs when there are more than the limit', () => {
    const result = impossibleJourneys(source, { limit: 1 });
    expect(result.pairs.map((p) => p.plate)).toEqual(['1TWN444']);
    expect(result.summary.truncated).toBe(true);
    expect(result.summary.pairsFound).toBe(3);
  });

  it('the time range limits the reads considered', () => {
    const result = impossibleJourneys(source, { from: '2025-05-06T08:10:00Z' });
    expect(result.pairs.map((p) => p.plate)).toEqual(['1TWN444', '1SKW555']);
  });
});

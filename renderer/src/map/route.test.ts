import { describe, expect, it } from 'vitest';
import {
  compassPoint,
  countUpTo,
  IMPLAUSIBLE_KMH,
  orderSightings,
  routeSegments,
  segmentBetween,
  type RouteSighting,
} from './route.ts';

let n = 0;
const at = (lat: number, lon: number, time: string): RouteSighting => ({
  id: `s${++n}`,
  lat,
  lon,
  at: time,
  unitId: 'cam',
  direction: null,
  confidence: 0.9,
});

// Brussels (Grand-Place) and Antwerp (Groenplaats): 41.3 km as the crow flies.
const brussels = [50.8467, 4.3525] as const;
const antwerp = [51.2194, 4.4025] as const;

describe('route segments', () => {
  it('orders sightings by capture time, whatever the offsets they were written with', () => {
    const a = at(...brussels, '2025-03-14T08:30:00+01:00'); // 07:30Z
    const b = at(...antwerp, '2025-03-14T07:00:00Z');
    const c = at(...antwerp, '2025-03-14T07:45:00Z');
    expect(orderSightings([c, a, b]).map((s) => s.id)).toEqual([b.id, a.id, c.id]);
  });

  it('gives distance, time and the average speed the vehicle needed', () => {
    const [seg] = routeSegments([
      at(...brussels, '2025-03-14T07:00:00Z'),
      at(...antwerp, '2025-03-14T07:30:00Z'),
    ]);
    expect(seg!.km).toBeCloseTo(41.6, 0);
    expect(seg!.hours).toBe(0.5);
    expect(seg!.speedKmh).toBeCloseTo(seg!.km * 2, 6);
    expect(seg!.plausible).toBe(true);
  });

  it('gives the bearing of the trip (Brussels to Antwerp is roughly north)', () => {
    const seg = segmentBetween(
      at(...brussels, '2025-03-14T07:00:00Z'),
      at(...antwerp, '2025-03-14T07:30:00Z'),
    );
    expect(seg.bearing).toBeGreaterThan(0);
    expect(seg.bearing).toBeLessThan(10);
    expect(compassPoint(seg.bearing)).toBe('N');
    const back = segmentBetween(
      at(...antwerp, '2025-03-14T08:00:00Z'),
      at(...brussels, '2025-03-14T08:30:00Z'),
    );
    expect(compassPoint(back.bearing)).toBe('S');
  });

  it('flags a trip too fast for a road vehicle: the cloned-plate signal', () => {
    const fast = segmentBetween(
      at(...brussels, '2025-03-14T07:00:00Z'),
      at(...antwerp, '2025-03-14T07:05:00Z'),
    );
    expect(fast.speedKmh).toBeGreaterThan(IMPLAUSIBLE_KMH);
    expect(fast.plausible).toBe(false);
    const sameInstant = segmentBetween(
      at(...brussels, '2025-03-14T07:00:00Z'),
      at(...antwerp, '2025-03-14T07:00:00Z'),
    );
    expect(sameInstant.speedKmh).toBe(Infinity);
    expect(sameInstant.plausible).toBe(false);
  });

  it('treats two reads at one place and one instant as standing still, not as infinitely fast', () => {
    const seg = segmentBetween(
      at(...brussels, '2025-03-14T07:00:00Z'),
      at(...brussels, '2025-03-14T07:00:00Z'),
    );
    expect(seg.speedKmh).toBe(0);
    expect(seg.plausible).toBe(true);
  });

  it('draws only the sightings up to the playback time', () => {
    const s = [
      at(50.8, 4.3, '2025-03-14T07:00:00Z'),
      at(50.9, 4.4, '2025-03-14T07:10:00Z'),
      at(51.0, 4.5, '2025-03-14T07:20:00Z'),
      at(51.1, 4.6, '2025-03-14T07:30:00Z'),
    ];
    expect(routeSegments(s)).toHaveLength(3);
    expect(routeSegments(s, new Date('2025-03-14T07:20:00Z'))).toHaveLength(2); // inclusive
    expect(routeSegments(s, new Date('2025-03-14T07:19:59Z'))).toHaveLength(1);
    expect(routeSegments(s, new Date('2025-03-14T06:00:00Z'))).toHaveLength(0);
  });

  it('counts sightings up to a time by binary search, ties included', () => {
    const times = [10, 20, 20, 30];
    expect(countUpTo(times, undefined)).toBe(4);
    expect(countUpTo(times, new Date(5))).toBe(0);
    expect(countUpTo(times, new Date(20))).toBe(3);
    expect(countUpTo(times, new Date(29))).toBe(3);
    expect(countUpTo(times, new Date(30))).toBe(4);
  });

  it('names compass points for any bearing', () => {
    expect([0, 44, 46, 90, 180, 270, 338, 359.9, 360, -45].map(compassPoint)).toEqual([
      'N',
      'NE',
      'NE',
      'E',
      'S',
      'W',
      'N',
      'N',
      'N',
      'NW',
    ]);
  });
});

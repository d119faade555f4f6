import { afterAll, describe, expect, it } from 'vitest';
import { closeSources, makeSource, read, SITES, SOURCE_KINDS } from './fixtures.ts';
import { multiPlace } from './multi-place.ts';
import { stakeout } from './stakeout.ts';

afterAll(closeSources);

const B = SITES.brussel;
const rows = [
  read('1AAA001', '2025-05-06T10:05:00Z', 'brussel'),
  read('1AAA001', '2025-05-06T10:40:00Z', 'brussel'),
  read('1BBB002', '2025-05-06T10:30:00Z', 'brussel'),
  // After the window.
  read('1CCC003', '2025-05-06T11:30:00Z', 'brussel'),
  // In the window, elsewhere.
  read('1DDD004', '2025-05-06T10:10:00Z', 'leuven'),
  // A mobile unit's read 220 m north of the camera: inside the circle by its own position.
  read('1EEE005', '2025-05-06T10:20:00Z', 'brussel', {
    unitId: 'van-7',
    unitType: 'mobile-manned',
    lat: B.lat + 0.002,
  }),
  // A mobile unit's read 5 km away, though the van was at Brussels earlier.
  read('1GGG007', '2025-05-06T10:25:00Z', 'brussel', {
    unitId: 'van-7',
    unitType: 'mobile-manned',
    lat: B.lat + 0.045,
  }),
  // The van read this car at Leuven earlier: its first position is far from the circle.
  read('1HHH008', '2025-05-06T08:00:00Z', 'leuven', { unitId: 'van-9', unitType: 'mobile-manned' }),
  read('1HHH008', '2025-05-06T10:35:00Z', 'brussel', {
    unitId: 'van-9',
    unitType: 'mobile-manned',
    lon: B.lon + 0.003,
  }),
  // One of the case's targets.
  read('1FFF006', '2025-05-06T10:50:00Z', 'brussel'),
  read('1FFF006', '2025-05-06T09:00:00Z', 'gent'),
  read('1AAA001', '2025-05-06T09:10:00Z', 'gent'),
  read('1DDD004', '2025-05-06T09:20:00Z', 'gent'),
  read('1CCC003', '2025-05-06T09:30:00Z', 'gent'),
];

const window = { from: '2025-05-06T10:00:00+02:00', to: '2025-05-06T13:00:00+02:00' }; // 08:00-11:00 UTC
const circle = { kind: 'circle' as const, lat: B.lat, lon: B.lon, radiusM: 1000 };
const square = {
  kind: 'polygon' as const,
  points: [
    { lat: B.lat - 0.005, lon: B.lon - 0.008 },
    { lat: B.lat - 0.005, lon: B.lon + 0.008 },
    { lat: B.lat + 0.005, lon: B.lon + 0.008 },
    { lat: B.lat + 0.005, lon: B.lon - 0.008 },
  ],
};

describe.each(SOURCE_KINDS)('stakeout (%s source)', (kind) => {
  const source = makeSource(kind, rows);

  it.each([
    ['circle', circle],
    ['polygon', square],
  ] as const)(
    'a %s returns exactly the vehicles that passed there, by first time',
    (_name, area) => {
      const result = stakeout(source, {
        area,
        from: '2025-05-06T10:00:00Z',
        to: '2025-05-06T11:00:00Z',
        targets: ['1-fff-006'],
      });
      expect(result.vehicles.map((v) => [v.plate, v.count, v.bystander])).toEqual([
        ['1AAA001', 2, true],
        ['1EEE005', 1, true],
        ['1BBB002', 1, true],
        ['1HHH008', 1, true],
        ['1FFF006', 1, false],
      ]);
      expect(result.vehicles[0]!.masked).toBe('1A•••••');
      expect(result.vehicles[0]!.sightings.map((s) => s.capturedAt)).toEqual([
        Date.parse('2025-05-06T10:05:00Z'),
        Date.parse('2025-05-06T10:40:00Z'),
      ]);
      expect(result.summary).toMatchObject({
        reads: 6,
        vehicles: 5,
        bystanders: 4,
        targetsSeen: 1,
        truncated: false,
      });
    },
  );

  it('a camera list decides on the camera, not on the position', () => {
    const one = stakeout(source, {
      area: { kind: 'cameras', cameraIds: ['brussel'] },
      from: '2025-05-06T10:00:00Z',
      to: '2025-05-06T11:00:00Z',
    });
    expect(one.vehicles.map((v) => v.plate)).toEqual(['1AAA001', '1BBB002', '1FFF006']);
    // Without a target list everyone is a bystander.
    expect(one.vehicles.every((v) => v.bystander)).toBe(true);
    const two = stakeout(source, {
      area: { kind: 'cameras', cameraIds: ['brussel', 'leuven'] },
      from: '2025-05-06T10:00:00Z',
      to: '2025-05-06T11:00:00Z',
    });
    expect(two.vehicles.map((v) => v.plate)).toEqual(['1AAA001', '1DDD004', '1BBB002', '1FFF006']);
  });

  it('window bounds are inclusive and offsets are honoured', () => {
    const result = stakeout(source, { area: circle, ...window });
    expect(result.vehicles.map((v) => v.plate)).toEqual([
      '1AAA001',
      '1EEE005',
      '1BBB002',
      '1HHH008',
      '1FFF006',
    ]);
    const exact = stakeout(source, {
      area: circle,
      from: '2025-05-06T10:30:00Z',
      to: '2025-05-06T10:40:00Z',
    });
    expect(exact.vehicles.map((v) => [v.plate, v.count])).toEqual([
      ['1BBB002', 1],
      ['1HHH008', 1],
      ['1AAA001', 1],
    ]);
  });

  it('refuses windows over 31 days, reversed windows and unknown area kinds', () => {
    expect(() =>
      stakeout(source, { area: circle, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:01Z' }),
    ).toThrow(/31 days/);
    expect(() =>
      stakeout(source, { area: circle, from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }),
    ).toThrow(/after/);
    expect(() => stakeout(source, { area: { kind: 'everywhere' } as never, ...window })).toThrow();
  });

  it('limit keeps the earliest reads and says so', () => {
    const result = stakeout(source, { area: circle, ...window, limit: 2 });
    expect(result.vehicles.map((v) => v.plate)).toEqual(['1AAA001', '1EEE005']);
    expect(result.summary.truncated).toBe(true);
  });
});

describe.each(SOURCE_KINDS)('multi-place (%s source)', (kind) => {
  const source = makeSource(kind, rows);
  const gent = {
    label: 'petrol station',
    area: { kind: 'cameras' as const, cameraIds: ['gent'] },
    from: '2025-05-06T08:30:00Z',
    to: '2025-05-06T09:25:00Z',
  };
  const brussel = {
    label: 'bank',
    area: circle,
    from: '2025-05-06T10:00:00Z',
    to: '2025-05-06T11:00:00Z',
  };

  it('returns the vehicles seen at every place within its own window', () => {
    const result = multiPlace(source, { places: [gent, brussel], targets: ['1FFF006'] });
    // 1CCC003 was at Gent too late and at Brussels after the window; 1DDD004 never in the circle.
    expect(result.vehicles.map((v) => [v.plate, v.bystander])).toEqual([
      ['1FFF006', false],
      ['1AAA001', true],
    ]);
    const a = result.vehicles[1]!;
    expect(a.places.map((p) => p.count)).toEqual([1, 2]);
    expect(a.places[1]!.sightings.map((s) => s.unitId)).toEqual(['brussel', 'brussel']);
    expect(result.summary).toEqual({
      places: [
        { label: 'petrol station', reads: 3, vehicles: 3, truncated: false },
        { label: 'bank', reads: 6, vehicles: 5, truncated: false },
      ],
      vehicles: 2,
      bystanders: 1,
    });
  });

  it('a third place narrows the intersection', () => {
    const later = {
      area: { kind: 'cameras' as const, cameraIds: ['brussel'] },
      from: '2025-05-06T10:45:00Z',
      to: '2025-05-06T12:00:00Z',
    };
    const result = multiPlace(source, { places: [gent, brussel, later] });
    expect(result.vehicles.map((v) => v.plate)).toEqual(['1FFF006']);
    expect(result.summary.places[2]!.label).toBeNull();
  });

  it('needs at least two places, each within 31 days', () => {
    expect(() => multiPlace(source, { places: [gent] })).toThrow();
    expect(() =>
      multiPlace(source, { places: [gent, { ...brussel, from: '2025-03-01T00:00:00Z' }] }),
    ).toThrow(/31 days/);
  });
});

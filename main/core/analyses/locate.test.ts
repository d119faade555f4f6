import { afterAll, describe, expect, it } from 'vitest';
import { firstLastSeen } from './first-last-seen.ts';
import { closeSources, makeSource, read, SITES, SOURCE_KINDS } from './fixtures.ts';
import { locate } from './locate.ts';

afterAll(closeSources);

const P = '1LOC777';
// Brussels switches to summer time on Sunday 30 March 2025 and back on Sunday 26 October 2025.
const rows = [
  // 08:30 local both times: 07:30 UTC in winter time, 06:30 UTC in summer time.
  read(P, '2025-03-29T07:30:00Z', 'brussel'), // Saturday
  read(P, '2025-03-31T06:30:00Z', 'brussel'), // Monday
  // 17:15 local.
  read(P, '2025-04-01T15:15:00Z', 'leuven'), // Tuesday, summer time
  read(P, '2025-10-24T15:15:00Z', 'leuven'), // Friday, summer time
  read(P, '2025-10-27T16:15:00Z', 'leuven'), // Monday, winter time again
  // A second camera of the Leuven site, 150 m away.
  read(P, '2025-10-28T16:20:00Z', 'leuven', {
    unitId: 'leuven-2',
    lat: SITES.leuven.lat + 0.00135,
  }),
  // Someone else.
  read('1OTH888', '2025-04-01T15:15:00Z', 'leuven'),
];

describe.each(SOURCE_KINDS)('locate (%s source)', (kind) => {
  const source = makeSource(kind, rows);

  it('counts hours and weekdays in Brussels local time across the DST changes', () => {
    const result = locate(source, { plate: '1-loc-777' });
    expect(result.timeZone).toBe('Europe/Brussels');
    const hours = Object.fromEntries(result.byHour.flatMap((n, h) => (n ? [[h, n]] : [])));
    expect(hours).toEqual({ 8: 2, 17: 4 });
    // Monday..Sunday
    expect(result.byWeekday).toEqual([2, 2, 0, 0, 1, 1, 0]);
    expect(result.byWeekdayHour[0]![8]).toBe(1);
    expect(result.byWeekdayHour[0]![17]).toBe(1);
    expect(result.byWeekdayHour[5]![8]).toBe(1);
    expect(result.byWeekdayHour.flat().reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('uses the time zone it is given', () => {
    const utc = locate(source, { plate: P, timeZone: 'UTC' });
    const hours = Object.fromEntries(utc.byHour.flatMap((n, h) => (n ? [[h, n]] : [])));
    expect(hours).toEqual({ 6: 1, 7: 1, 15: 2, 16: 2 });
    expect(() => locate(source, { plate: P, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('counts by camera and merges a site into one place', () => {
    const result = locate(source, { plate: P });
    expect(result.byCamera.map((c) => [c.unitId, c.count])).toEqual([
      ['leuven', 3],
      ['brussel', 2],
      ['leuven-2', 1],
    ]);
    expect(result.byCamera[0]!.lat).toBeCloseTo(SITES.leuven.lat, 9);
    expect(result.byCamera[0]).toMatchObject({
      firstAt: Date.parse('2025-04-01T15:15:00Z'),
      lastAt: Date.parse('2025-10-27T16:15:00Z'),
    });
    expect(result.topPlaces.map((p) => [p.unitIds, p.count])).toEqual([
      [['leuven', 'leuven-2'], 4],
      [['brussel'], 2],
    ]);
    expect(result.topPlaces[0]!.share).toBeCloseTo(4 / 6, 9);
    expect(result.summary).toEqual({
      reads: 6,
      cameras: 3,
      places: 2,
      firstAt: Date.parse('2025-03-29T07:30:00Z'),
      lastAt: Date.parse('2025-10-28T16:20:00Z'),
    });
    // A smaller radius keeps the two Leuven cameras apart.
    expect(locate(source, { plate: P, placeRadiusM: 50 }).topPlaces).toHaveLength(3);
  });

  it('an unseen plate gives empty histograms', () => {
    const result = locate(source, { plate: '9NOP000' });
    expect(result.byHour.every((n) => n === 0)).toBe(true);
    expect(result.summary).toEqual({
      reads: 0,
      cameras: 0,
      places: 0,
      firstAt: null,
      lastAt: null,
    });
  });
});

describe.each(SOURCE_KINDS)('first and last seen (%s source)', (kind) => {
  const source = makeSource(kind, rows);

  it('gives first and last sighting with place and time, and the count', () => {
    const result = firstLastSeen(source, {
      plates: ['1-loc-777', '1OTH888', '9NOP000', '1 LOC 777'],
    });
    expect(result.rows.map((r) => [r.plate, r.count, r.first?.unitId, r.last?.unitId])).toEqual([
      ['1LOC777', 6, 'brussel', 'leuven-2'],
      ['1OTH888', 1, 'leuven', 'leuven'],
      ['9NOP000', 0, undefined, undefined],
    ]);
    expect(result.rows[0]!.first!.capturedAt).toBe(Date.parse('2025-03-29T07:30:00Z'));
    expect(result.rows[0]!.last!.capturedAt).toBe(Date.parse('2025-10-28T16:20:00Z'));
    expect(result.summary).toEqual({ plates: 3, seen: 2, notSeen: 1 });
  });

  it('within a period', () => {
    const result = firstLastSeen(source, {
      plates: [P],
      from: '2025-04-01T00:00:00Z',
      to: '2025-10-25T00:00:00Z',
    });
    expect(result.rows[0]).toMatchObject({ count: 2 });
    expect(result.rows[0]!.first!.capturedAt).toBe(Date.parse('2025-04-01T15:15:00Z'));
    expect(result.rows[0]!.last!.capturedAt).toBe(Date.parse('2025-10-24T15:15:00Z'));
  });
});

import { describe, expect, it } from 'vitest';
import { buckets, inBucket, zoneMidnight } from './buckets.ts';

const t = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('timeline buckets', () => {
  it('counts per local calendar day (Brussels by default), including empty days', () => {
    // 23:30 UTC on 3 March is already 4 March in Brussels (UTC+1).
    const times = [t('2026-03-03T10:00:00Z'), t('2026-03-03T23:30:00Z'), t('2026-03-07T08:00:00Z')];
    const days = buckets(times, 'day', [times[0]!, times[2]!]);
    expect(days.map((d) => [d.key, d.count])).toEqual([
      ['2026-03-03', 1],
      ['2026-03-04', 1],
      ['2026-03-05', 0],
      ['2026-03-06', 0],
      ['2026-03-07', 1],
    ]);
  });

  it('counts per calendar day of the zone asked for', () => {
    // The same reads in New York: 10:00 UTC is 05:00 on 3 March, 23:30 UTC is 18:30 still on 3 March.
    const times = [t('2026-03-03T10:00:00Z'), t('2026-03-03T23:30:00Z'), t('2026-03-07T08:00:00Z')];
    const days = buckets(times, 'day', [times[0]!, times[2]!], 'America/New_York');
    expect(days.map((d) => [d.key, d.count])).toEqual([
      ['2026-03-03', 2],
      ['2026-03-04', 0],
      ['2026-03-05', 0],
      ['2026-03-06', 0],
      ['2026-03-07', 1],
    ]);
  });

  it('finds local midnight across the summer-time switch', () => {
    expect(new Date(zoneMidnight('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(zoneMidnight('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const range: [number, number] = [t('2026-03-25T12:00:00Z'), t('2026-03-30T12:00:00Z')];
    const days = buckets([t('2026-03-29T12:00:00Z')], 'day', range);
    const sunday = days.find((d) => d.key === '2026-03-29')!;
    expect(sunday.count).toBe(1);
    expect(sunday.to! - sunday.from! + 1).toBe(23 * H);
    // New York falls back on 1 November 2026: a 25-hour day.
    const ny = buckets(
      [],
      'day',
      [t('2026-10-28T12:00:00Z'), t('2026-11-04T12:00:00Z')],
      'America/New_York',
    );
    const first = ny.find((d) => d.key === '2026-11-01')!;
    expect(new Date(first.from!).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(first.to! - first.from! + 1).toBe(25 * H);
  });

  it('shows a short period per hour, not as one day bar', () => {
    const lo = t('2026-11-18T00:00:00Z');
    const times = [t('2026-11-18T01:10:00Z'), t('2026-11-18T01:50:00Z')];
    const hours = buckets(times, 'day', [lo, lo + 24 * H - 1]);
    expect(hours).toHaveLength(24);
    expect(hours[1]).toMatchObject({ count: 2, label: '02h', title: '2026-11-18 02:00' });
  });

  it('cuts a short period at local hours, where they start at a quarter past in Kathmandu', () => {
    const z = 'Asia/Kathmandu';
    const lo = t('2026-11-18T00:00:00Z'); // 05:45 in Kathmandu
    const times = [t('2026-11-18T00:10:00Z'), t('2026-11-18T00:20:00Z'), t('2026-11-18T01:14:00Z')];
    const hours = buckets(times, 'day', [lo, lo + 24 * H - 1], z);
    expect(new Date(hours[0]!.from!).toISOString()).toBe('2026-11-17T23:15:00.000Z');
    expect(hours[0]).toMatchObject({ label: '05h', count: 1 });
    expect(hours[1]).toMatchObject({ label: '06h', title: '2026-11-18 06:00', count: 2 });
    expect(new Date(hours[1]!.from!).toISOString()).toBe('2026-11-18T00:15:00.000Z');
  });

  it('keeps a short hour and a repeated hour apart on clock-change days', () => {
    // Lord Howe, 4 October 2026: 02:00 becomes 02:30, so its 02h lasts 30 minutes.
    const lh = buckets(
      [],
      'day',
      [t('2026-10-03T13:00:00Z'), t('2026-10-03T19:00:00Z')],
      'Australia/Lord_Howe',
    );
    const two = lh.filter((b) => b.label === '02h');
    expect(two).toHaveLength(1);
    expect(two[0]!.to! - two[0]!.from! + 1).toBe(H / 2);
    // New York, 1 November 2026: 01h happens twice, as two bars.
    const times = [t('2026-11-01T05:10:00Z'), t('2026-11-01T06:10:00Z'), t('2026-11-01T06:20:00Z')];
    const ny = buckets(
      times,
      'day',
      [t('2026-11-01T03:00:00Z'), t('2026-11-01T09:00:00Z')],
      'America/New_York',
    );
    const one = ny.filter((b) => b.label === '01h');
    expect(one.map((b) => b.count)).toEqual([1, 2]);
    expect(one.map((b) => b.to! - b.from! + 1)).toEqual([H, H]);
    // A period that starts in the second 01h starts its first bar there, not in the first.
    const late = buckets(
      [],
      'day',
      [t('2026-11-01T06:20:00Z'), t('2026-11-01T09:00:00Z')],
      'America/New_York',
    );
    expect(new Date(late[0]!.from!).toISOString()).toBe('2026-11-01T06:00:00.000Z');
    expect(new Set(ny.map((b) => b.key)).size).toBe(ny.length);
  });

  it('counts per local hour of day', () => {
    const times = [t('2026-07-01T06:15:00Z'), t('2026-01-10T07:45:00Z')];
    const hours = buckets(times, 'hour');
    expect(hours).toHaveLength(24);
    // 06:15 UTC in summer and 07:45 UTC in winter are both 08:xx in Brussels.
    expect(hours[8]!.count).toBe(2);
    expect(inBucket(times[0]!, 'hour', hours[8]!)).toBe(true);
    // In Kathmandu (+05:45) they are 12:00 and 13:30.
    const k = buckets(times, 'hour', undefined, 'Asia/Kathmandu');
    expect([k[12]!.count, k[13]!.count]).toEqual([1, 1]);
    expect(inBucket(times[0]!, 'hour', k[12]!, 'Asia/Kathmandu')).toBe(true);
  });
});

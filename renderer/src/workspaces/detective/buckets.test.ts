import { describe, expect, it } from 'vitest';
import { brusselsMidnight, buckets, inBucket } from './buckets.ts';

describe('timeline buckets', () => {
  it('counts per Brussels calendar day, including empty days', () => {
    const t = (iso: string) => Date.parse(iso);
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

  it('finds local midnight across the summer-time switch', () => {
    expect(new Date(brusselsMidnight('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(brusselsMidnight('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const range: [number, number] = [
      Date.parse('2026-03-25T12:00:00Z'),
      Date.parse('2026-03-30T12:00:00Z'),
    ];
    const days = buckets([Date.parse('2026-03-29T12:00:00Z')], 'day', range);
    const sunday = days.find((d) => d.key === '2026-03-29')!;
    expect(sunday.count).toBe(1);
    expect(sunday.to! - sunday.from! + 1).toBe(23 * 3_600_000);
  });

  it('shows a short period per hour, not as one day bar', () => {
    const lo = Date.parse('2026-11-18T00:00:00Z');
    const times = [Date.parse('2026-11-18T01:10:00Z'), Date.parse('2026-11-18T01:50:00Z')];
    const hours = buckets(times, 'day', [lo, lo + 24 * 3_600_000 - 1]);
    expect(hours).toHaveLength(24);
    expect(hours[1]).toMatchObject({ count: 2, label: '02h', title: '2026-11-18 02:00' });
  });

  it('counts per Brussels hour of day', () => {
    const times = [Date.parse('2026-07-01T06:15:00Z'), Date.parse('2026-01-10T07:45:00Z')];
    const hours = buckets(times, 'hour');
    expect(hours).toHaveLength(24);
    // 06:15 UTC in summer and 07:45 UTC in winter are both 08:xx in Brussels.
    expect(hours[8]!.count).toBe(2);
    expect(inBucket(times[0]!, 'hour', hours[8]!)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  fromZoneInput,
  fromZoneInputThrough,
  toZoneInput,
  toZoneInputSeconds,
} from './zone-input.ts';

describe('date-time inputs in the officer zone', () => {
  it('reads and writes Brussels time in winter and summer (the default zone)', () => {
    expect(fromZoneInput('2026-01-15T09:30')).toBe('2026-01-15T08:30:00.000Z');
    expect(fromZoneInput('2026-07-15T09:30')).toBe('2026-07-15T07:30:00.000Z');
    expect(toZoneInput('2026-07-15T07:30:00Z')).toBe('2026-07-15T09:30');
    expect(fromZoneInput('2026-07-15T09:30:15')).toBe('2026-07-15T07:30:15.000Z');
  });

  it('refuses what is not a date-time rather than guessing', () => {
    expect(fromZoneInput('not a date')).toBeNull();
    expect(fromZoneInput('')).toBeNull();
    expect(fromZoneInput('2026-02-30T10:00')).toBeNull();
    expect(fromZoneInput('2026-13-01T10:00')).toBeNull();
    expect(fromZoneInput('2026-01-01T24:00')).toBeNull();
  });

  it('works west of Greenwich: New York in winter and summer', () => {
    const z = 'America/New_York';
    expect(fromZoneInput('2026-01-15T09:30', z)).toBe('2026-01-15T14:30:00.000Z');
    expect(fromZoneInput('2026-07-15T09:30', z)).toBe('2026-07-15T13:30:00.000Z');
    expect(toZoneInput('2026-07-15T13:30:00Z', z)).toBe('2026-07-15T09:30');
    // 23:30 in New York is already the next day in UTC.
    expect(fromZoneInput('2026-01-15T23:30', z)).toBe('2026-01-16T04:30:00.000Z');
  });

  it('works with offsets that are not whole hours: Kathmandu +05:45, St. John’s −03:30', () => {
    expect(fromZoneInput('2026-01-15T09:30', 'Asia/Kathmandu')).toBe('2026-01-15T03:45:00.000Z');
    expect(toZoneInput('2026-01-15T03:45:00Z', 'Asia/Kathmandu')).toBe('2026-01-15T09:30');
    expect(fromZoneInput('2026-01-15T09:30', 'America/St_Johns')).toBe('2026-01-15T13:00:00.000Z');
    expect(fromZoneInput('2026-07-15T09:30', 'America/St_Johns')).toBe('2026-07-15T12:00:00.000Z');
  });

  it('follows Lord Howe’s half-hour summer time (+10:30 / +11)', () => {
    const z = 'Australia/Lord_Howe';
    expect(fromZoneInput('2026-07-15T09:30', z)).toBe('2026-07-14T23:00:00.000Z');
    expect(fromZoneInput('2026-01-15T09:30', z)).toBe('2026-01-14T22:30:00.000Z');
    // 4 October 2026: 02:00 becomes 02:30; 02:15 never happens, it counts as 02:45.
    const skipped = fromZoneInput('2026-10-04T02:15', z)!;
    expect(skipped).toBe('2026-10-03T15:45:00.000Z');
    expect(toZoneInput(skipped, z)).toBe('2026-10-04T02:45');
    // 5 April 2026: 02:00 becomes 01:30; 01:45 happens twice, the first is taken.
    expect(fromZoneInput('2026-04-05T01:45', z)).toBe('2026-04-04T14:45:00.000Z');
    expect(toZoneInput('2026-04-04T15:15:00Z', z)).toBe('2026-04-05T01:45');
  });

  it('takes a time skipped in spring as that long after the jump, and a repeated one as the first', () => {
    // Brussels, 29 March 2026: 02:00 becomes 03:00.
    expect(fromZoneInput('2026-03-29T02:30', 'Europe/Brussels')).toBe('2026-03-29T01:30:00.000Z');
    // Brussels, 25 October 2026: 03:00 becomes 02:00; 02:30 is first at 00:30 UTC.
    expect(fromZoneInput('2026-10-25T02:30', 'Europe/Brussels')).toBe('2026-10-25T00:30:00.000Z');
    // New York, 8 March 2026 (02:00 → 03:00) and 1 November 2026 (02:00 → 01:00).
    const ny = 'America/New_York';
    expect(fromZoneInput('2026-03-08T02:30', ny)).toBe('2026-03-08T07:30:00.000Z');
    expect(toZoneInput('2026-03-08T07:30:00Z', ny)).toBe('2026-03-08T03:30');
    expect(fromZoneInput('2026-11-01T01:30', ny)).toBe('2026-11-01T05:30:00.000Z');
    expect(toZoneInput('2026-11-01T06:30:00Z', ny)).toBe('2026-11-01T01:30');
    // Samoa skipped 30 December 2011 entirely (−10 → +14).
    expect(toZoneInput(fromZoneInput('2011-12-30T12:00', 'Pacific/Apia')!, 'Pacific/Apia')).toBe(
      '2011-12-31T12:00',
    );
  });

  it('reads back what it wrote, all year round, in zones with odd offsets', () => {
    for (const zone of ['Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC']) {
      for (
        let t = Date.UTC(2026, 0, 1);
        t < Date.UTC(2027, 0, 1);
        t += 11 * 3_600_000 + 17 * 60_000
      ) {
        const shown = toZoneInput(t, zone);
        const back = fromZoneInput(shown, zone)!;
        // The same instant, or the first occurrence of a repeated local time.
        expect(toZoneInput(back, zone), `${zone} ${new Date(t).toISOString()}`).toBe(shown);
        expect(Date.parse(back)).toBeLessThanOrEqual(t);
        expect(t - Date.parse(back)).toBeLessThanOrEqual(3_600_000);
      }
    }
  });

  it('holds a period to the second: "To" is the end of what it shows', () => {
    const z = 'Europe/Brussels';
    // The case: the target's last read at 22:22:18 (summer time, UTC+2).
    const lastRead = '2026-07-15T20:22:18.640Z';
    const shown = toZoneInputSeconds(lastRead, z);
    expect(shown).toBe('2026-07-15T22:22:18');
    const to = fromZoneInputThrough(shown, 'second', z)!;
    expect(to).toBe('2026-07-15T20:22:18.999Z');
    expect(Date.parse(lastRead)).toBeLessThanOrEqual(Date.parse(to));
    // The same read, with a minute field: "22:22" runs to the end of that minute.
    expect(fromZoneInputThrough('2026-07-15T22:22', 'minute', z)).toBe('2026-07-15T20:22:59.999Z');
    expect(fromZoneInputThrough('2026-07-15T22:22:18', 'minute', z)).toBe(
      '2026-07-15T20:22:59.999Z',
    );
    // A seconds field reports 22:22:00 without its seconds: still through 22:22:00.999 only.
    expect(fromZoneInputThrough('2026-07-15T22:22', 'second', z)).toBe('2026-07-15T20:22:00.999Z');
    // The first read is in too: "From" is the start of the second it shows.
    const firstRead = '2026-07-01T06:00:05.300Z';
    const from = fromZoneInput(toZoneInputSeconds(firstRead, z), z)!;
    expect(from).toBe('2026-07-01T06:00:05.000Z');
    expect(fromZoneInputThrough('not a date', 'second', z)).toBeNull();
    expect(fromZoneInputThrough('2026-02-30T10:00', 'minute', z)).toBeNull();
  });

  it('ends the minute or second at the right instant across a clock change and an odd offset', () => {
    // Brussels, 25 October 2026: 02:30 happens twice; the bound ends the first one.
    expect(fromZoneInputThrough('2026-10-25T02:30:10', 'second', 'Europe/Brussels')).toBe(
      '2026-10-25T00:30:10.999Z',
    );
    expect(fromZoneInputThrough('2026-01-15T09:30', 'minute', 'Asia/Kathmandu')).toBe(
      '2026-01-15T03:45:59.999Z',
    );
    expect(toZoneInputSeconds('2026-01-15T03:45:07Z', 'Asia/Kathmandu')).toBe(
      '2026-01-15T09:30:07',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  localDateTime,
  localIso,
  offsetText,
  wallTime,
  zonedInstant,
  zoneOffsetMs,
} from './time-zone.ts';

const AT = '2026-07-01T06:15:00.000Z';
const h = 3_600_000;

describe('time zones', () => {
  it('knows the offset of any zone at any instant', () => {
    expect(zoneOffsetMs(Date.parse(AT), 'Europe/Brussels')).toBe(2 * h);
    expect(zoneOffsetMs(Date.parse(AT), 'America/St_Johns')).toBe(-2.5 * h);
    expect(zoneOffsetMs(Date.parse(AT), 'Asia/Kathmandu')).toBe(5.75 * h);
    expect(zoneOffsetMs(Date.parse(AT), 'Australia/Lord_Howe')).toBe(10.5 * h);
    expect(zoneOffsetMs(Date.parse('2026-01-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * h);
  });

  it('reads the wall clock and the weekday where the officer lives, not in UTC', () => {
    // Wednesday 1 July 2026, 08:15 in Brussels.
    expect(wallTime(Date.parse(AT), 'Europe/Brussels')).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      hour: 8,
      minute: 15,
      second: 0,
      weekday: 3,
    });
    // 03:30 UTC on Monday 6 July is still Sunday 5 July in New York.
    const ny = wallTime(Date.parse('2026-07-06T03:30:00Z'), 'America/New_York');
    expect([ny.day, ny.hour, ny.minute, ny.weekday]).toEqual([5, 23, 30, 7]);
    // Midnight is hour 0, and years before 1 CE count astronomically.
    expect(wallTime(Date.parse('2026-07-01T22:00:00Z'), 'Europe/Brussels').hour).toBe(0);
    const bc = new Date(0);
    bc.setUTCFullYear(-1, 5, 1);
    expect(wallTime(bc.getTime(), 'UTC').year).toBe(-1);
  });

  it('finds the instant of a local time: a skipped one after the jump, a repeated one first', () => {
    const bx = 'Europe/Brussels';
    const at = (iso: string) => Date.parse(iso);
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 8, minute: 15 }, bx)).toBe(at(AT));
    // 29 March 2026: 02:00 becomes 03:00, so 02:30 is taken as 03:30.
    expect(zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, bx)).toBe(
      at('2026-03-29T01:30:00Z'),
    );
    // 25 October 2026: 03:00 becomes 02:00, so 02:30 happens twice; the first is taken.
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, bx)).toBe(
      at('2026-10-25T00:30:00Z'),
    );
    expect(zonedInstant({ year: 2026, month: 4, day: 31, hour: 8, minute: 0 }, bx)).toBeNull();
    expect(zonedInstant({ year: 2026, month: 4, day: 1, hour: 24, minute: 0 }, bx)).toBeNull();
    expect(
      zonedInstant(
        { year: 2026, month: 1, day: 15, hour: 9, minute: 30, second: 15 },
        'Asia/Kathmandu',
      ),
    ).toBe(at('2026-01-15T03:45:15Z'));
  });

  it('writes local date, time and offset in fixed forms for exports and reports', () => {
    expect(localDateTime(AT, 'Europe/Brussels')).toEqual({
      date: '2026-07-01',
      time: '08:15:00',
      offset: '+02:00',
    });
    expect(localDateTime('2026-01-15T13:00:00.000Z', 'America/St_Johns')).toEqual({
      date: '2026-01-15',
      time: '09:30:00',
      offset: '-03:30',
    });
    expect(localIso('2026-07-02T03:30:00.000Z', 'America/New_York')).toBe(
      '2026-07-01T23:30:00-04:00',
    );
    expect(localIso(Date.parse(AT), 'UTC')).toBe('2026-07-01T06:15:00+00:00');
    expect(offsetText(5.75 * h)).toBe('+05:45');
    expect(offsetText(-2.5 * h)).toBe('-02:30');
  });
});

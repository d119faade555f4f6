import { describe, expect, it } from 'vitest';
import { periodFields, periodOfFields } from './period-input.ts';

const inside = (at: string, p: { from?: string; to?: string }) =>
  Date.parse(p.from!) <= Date.parse(at) && Date.parse(at) <= Date.parse(p.to!);

describe('a From/To pair seeded with a period', () => {
  it('left as seeded, holds the first and last read of the period, milliseconds and all', () => {
    const z = 'Europe/Brussels';
    // The case: the target's last read at 22:22:18.640 (summer time, UTC+2).
    const period = { from: '2026-07-01T06:00:05.300Z', to: '2026-07-15T20:22:18.640Z' };
    const fields = periodFields(period, z);
    expect(fields).toEqual({ from: '2026-07-01T08:00:05', to: '2026-07-15T22:22:18' });
    const back = periodOfFields(fields, period, z);
    expect(back).toEqual({ from: '2026-07-01T06:00:05.000Z', to: '2026-07-15T20:22:18.999Z' });
    expect(inside(period.from, back) && inside(period.to, back)).toBe(true);
  });

  it('holds a last read in the second 02:30 of the night the clocks go back', () => {
    const z = 'Europe/Brussels';
    // 25 October 2026: 02:30:10 is shown at 00:30:10 UTC and again at 01:30:10 UTC.
    const period = { from: '2026-10-20T10:00:00.000Z', to: '2026-10-25T01:30:10.250Z' };
    const fields = periodFields(period, z);
    expect(fields.to).toBe('2026-10-25T02:30:10');
    // The text alone would end the period an hour before that read...
    expect(Date.parse(periodOfFields(fields, null, z).to!)).toBeLessThan(Date.parse(period.to));
    // ...the seeded field still means the read's own second.
    expect(periodOfFields(fields, period, z).to).toBe('2026-10-25T01:30:10.999Z');
  });

  it('a seed at :00 still counts as untouched when the browser drops the seconds', () => {
    const z = 'America/New_York';
    // 1 November 2026, 01:30:00 EST: the second 01:30 of that night.
    const period = { from: '2026-11-01T04:00:00.000Z', to: '2026-11-01T06:30:00.400Z' };
    const fields = periodFields(period, z);
    expect(fields.to).toBe('2026-11-01T01:30:00');
    expect(periodOfFields({ ...fields, to: '2026-11-01T01:30' }, period, z).to).toBe(
      '2026-11-01T06:30:00.999Z',
    );
  });

  it('a field the officer changed means what it shows, to the end of its second', () => {
    const z = 'Europe/Brussels';
    const period = { from: '2026-07-01T06:00:05.300Z', to: '2026-07-15T20:22:18.640Z' };
    const back = periodOfFields(
      { from: '2026-07-10T09:15:30', to: '2026-07-12T18:00:00' },
      period,
      z,
    );
    expect(back).toEqual({ from: '2026-07-10T07:15:30.000Z', to: '2026-07-12T16:00:00.999Z' });
    // Browsers report 18:00:00 as `…T18:00`: still through 18:00:00.999, not 18:00:59.
    expect(periodOfFields({ from: '', to: '2026-07-12T18:00' }, period, z)).toEqual({
      to: '2026-07-12T16:00:00.999Z',
    });
  });

  it('leaves a bound out when its field is empty or malformed: no bound, not a guess', () => {
    expect(periodFields(null, 'UTC')).toEqual({ from: '', to: '' });
    expect(periodOfFields({ from: '', to: '' }, null, 'UTC')).toEqual({});
    expect(periodOfFields({ from: '2026-02-30T10:00:00', to: 'soon' }, null, 'UTC')).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { Read } from '../../common/read.ts';
import { hashUuid, idFromContent, idFromExport } from './ids.ts';
import { timeParser, wallTimeToUtc } from './time.ts';

const iso = (r: { ms: number } | { reason: string }) =>
  'ms' in r ? new Date(r.ms).toISOString() : r.reason;

describe('capture times of imported reads', () => {
  it('takes a time with an offset as it is, whatever zone is declared', () => {
    const p = timeParser('iso', 'Asia/Tokyo');
    expect(iso(p('2026-03-14T08:15:02.120+01:00'))).toBe('2026-03-14T07:15:02.120Z');
    expect(iso(p('2026-03-14 08:15:02Z'))).toBe('2026-03-14T08:15:02.000Z');
    expect(iso(p('2026-03-14T08:15-0500'))).toBe('2026-03-14T13:15:00.000Z');
  });

  it('reads a time without an offset in the declared zone, winter and summer', () => {
    const brussels = timeParser('iso', 'Europe/Brussels');
    expect(iso(brussels('2026-01-10T12:00:00'))).toBe('2026-01-10T11:00:00.000Z');
    expect(iso(brussels('2026-07-10T12:00:00'))).toBe('2026-07-10T10:00:00.000Z');
    const sydney = timeParser('iso', 'Australia/Sydney');
    expect(iso(sydney('2026-01-10T12:00:00'))).toBe('2026-01-10T01:00:00.000Z');
    const la = timeParser('iso', 'America/Los_Angeles');
    expect(iso(la('2026-07-04 09:30:00'))).toBe('2026-07-04T16:30:00.000Z');
  });

  it('refuses a time without offset when no zone is declared', () => {
    expect(iso(timeParser('iso', null)('2026-01-10T12:00:00'))).toMatch(/no UTC offset.*--tz/);
  });

  it('refuses a local time that does not exist (spring gap) and flags one that occurs twice (autumn)', () => {
    const p = timeParser('iso', 'Europe/Brussels');
    expect(iso(p('2026-03-29T02:30:00'))).toMatch(/does not exist in Europe\/Brussels/);
    const twice = p('2026-10-25T02:30:00');
    expect(twice).toEqual({ ms: Date.parse('2026-10-25T00:30:00Z'), ambiguous: true });
    expect(wallTimeToUtc(Date.parse('2026-10-25T03:30:00Z'), 'Europe/Brussels')).toEqual({
      ms: Date.parse('2026-10-25T02:30:00Z'),
    });
  });

  it('parses patterns and epoch numbers, and refuses impossible dates', () => {
    const p = timeParser('DD/MM/YYYY HH:mm:ss', 'Europe/Copenhagen');
    expect(iso(p('14/03/2026 09:02:11'))).toBe('2026-03-14T08:02:11.000Z');
    expect(iso(p('31/02/2026 09:02:11'))).toMatch(/not a valid date/);
    expect(iso(p('2026-03-14 09:02:11'))).toMatch(/does not match the format/);
    const withMs = timeParser('YYYY-MM-DD HH:mm:ss.SSS', 'UTC');
    expect(iso(withMs('2026-03-14 08:15:02.12'))).toBe('2026-03-14T08:15:02.120Z');
    const withZone = timeParser('D.M.YYYY H:mm Z', null);
    expect(iso(withZone('4.7.2026 9:30 +02:00'))).toBe('2026-07-04T07:30:00.000Z');
    expect(iso(timeParser('epoch-s', null)('1773476102.5'))).toBe('2026-03-14T08:15:02.500Z');
    expect(iso(timeParser('epoch-ms', null)('1773476102500'))).toBe('2026-03-14T08:15:02.500Z');
    expect(iso(timeParser('epoch-ms', null)('yesterday'))).toMatch(/not a number/);
  });

  it('refuses an unknown zone up front', () => {
    expect(() => timeParser('iso', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('read ids of imported rows', () => {
  it('are valid UUIDs, the same on every run, different for different reads', () => {
    const a = idFromContent('Vendor', 'CAM-1', 1773476102500, '1ABC123', 2);
    expect(Read.shape.id.safeParse(a).success).toBe(true);
    expect(a).toBe(idFromContent('Vendor', 'CAM-1', 1773476102500, '1ABC123', 2));
    expect(a).not.toBe(idFromContent('Vendor', 'CAM-1', 1773476102501, '1ABC123', 2));
    expect(a).not.toBe(idFromContent('Other', 'CAM-1', 1773476102500, '1ABC123', 2));
    expect(idFromExport('Vendor', '100234')).toBe(idFromExport('Vendor', ' 100234 '));
    expect(idFromExport('Vendor', '0B6F4C1E-8D3A-4F2B-9C7E-1A2B3C4D5E01')).toBe(
      '0b6f4c1e-8d3a-4f2b-9c7e-1a2b3c4d5e01',
    );
    expect(hashUuid(['x'])[14]).toBe('8');
  });
});

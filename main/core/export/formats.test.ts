import { describe, expect, it } from 'vitest';
import type { StoredRead } from '../store/case-store.ts';
import { brusselsDateTime, csvCell, toCsv, toKml, xmlEscape } from './formats.ts';

const read = (over: Partial<StoredRead> = {}): StoredRead =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    plate: '1ABC123',
    plateRaw: '1-ABC-123',
    plateKey: '1ABC123',
    country: 'BE',
    capturedAt: '2026-07-01T06:15:00.000Z',
    lat: 50.85,
    lon: 4.35,
    heading: null,
    unitSpeedKmh: null,
    unitId: 'CAM-1',
    unitType: 'fixed',
    lane: 1,
    direction: 'towards Brussels',
    operator: 'federal',
    source: 'Jenoptik',
    confidence: 0.93,
    alternatives: [{ plate: '1A8C123', confidence: 0.2 }],
    vehicle: null,
    images: [],
    hit: false,
    hitCategory: null,
    retentionUntil: '2027-07-01T06:15:00.000Z',
    approvalId: null,
    pulledAt: '2026-07-02T00:00:00.000Z',
    pullId: null,
    ...over,
  }) as StoredRead;

describe('export formats', () => {
  it('gives i2 separate Brussels date and time columns, UTC alongside', () => {
    expect(brusselsDateTime('2026-07-01T06:15:00.000Z')).toEqual({
      date: '2026-07-01',
      time: '08:15:00',
    });
    const [header, row] = toCsv([{ read: read(), camera: undefined }], 'AN/1').split('\r\n');
    expect(header).toContain('Date (Europe/Brussels),Time (Europe/Brussels),Date-Time (UTC)');
    expect(row).toContain(',2026-07-01,08:15:00,2026-07-01T06:15:00.000Z,CAM-1,');
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
  });

  it('escapes KML text', () => {
    expect(xmlEscape(`<a & 'b'>`)).toBe('&lt;a &amp; &apos;b&apos;&gt;');
    const kml = toKml([{ read: read({ direction: '<towards>' }), camera: undefined }], 'A&B');
    expect(kml).toContain('<name>A&amp;B</name>');
    expect(kml).not.toContain('<towards>');
  });
});

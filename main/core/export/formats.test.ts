import { describe, expect, it } from 'vitest';
import { storedRead } from './test-read.ts';
import { localDateTime } from '../../../common/time-zone.ts';
import { csvCell, toCsv, toGeoJson, toKml, xmlEscape } from './formats.ts';

const read = storedRead;

describe('export formats', () => {
  it('gives i2 separate local date and time columns naming the zone, UTC alongside', () => {
    expect(localDateTime('2026-07-01T06:15:00.000Z', 'Europe/Brussels')).toEqual({
      date: '2026-07-01',
      time: '08:15:00',
      offset: '+02:00',
    });
    const [header, row] = toCsv(
      [{ read: read(), camera: undefined }],
      'AN/1',
      'Europe/Brussels',
    ).split('\r\n');
    expect(header).toContain('Date (Europe/Brussels),Time (Europe/Brussels),Date-Time (UTC)');
    expect(row).toContain(',2026-07-01,08:15:00,2026-07-01T06:15:00.000Z,CAM-1,');
  });

  it('writes local times in the officer’s zone when it is not Brussels', () => {
    const rows = [
      { read: read(), camera: undefined },
      // 03:30 UTC on 2 July is still 1 July in New York, 23:30 EDT.
      {
        read: read({
          id: '00000000-0000-4000-8000-000000000002',
          capturedAt: '2026-07-02T03:30:00.000Z',
        }),
        camera: undefined,
      },
    ];
    const [header, first, second] = toCsv(rows, 'AN/1', 'America/New_York').split('\r\n');
    expect(header).toContain('Date (America/New_York),Time (America/New_York),Date-Time (UTC)');
    expect(header).not.toContain('Brussels');
    expect(first).toContain(',2026-07-01,02:15:00,2026-07-01T06:15:00.000Z,');
    expect(second).toContain(',2026-07-01,23:30:00,2026-07-02T03:30:00.000Z,');

    expect(localDateTime('2026-01-15T03:45:00.000Z', 'Asia/Kathmandu')).toEqual({
      date: '2026-01-15',
      time: '09:30:00',
      offset: '+05:45',
    });
    expect(localDateTime('2026-01-15T13:00:00.000Z', 'America/St_Johns').offset).toBe('-03:30');

    const geo = JSON.parse(toGeoJson(rows, 'AN/1', 'America/New_York')) as {
      features: Array<{ properties: Record<string, unknown> }>;
    };
    expect(geo.features[0]!.properties).toMatchObject({
      capturedAt: '2026-07-01T06:15:00.000Z',
      capturedAtLocal: '2026-07-01T02:15:00-04:00',
      timeZone: 'America/New_York',
    });
    expect(geo.features.at(-1)!.properties).toMatchObject({
      kind: 'route',
      fromLocal: '2026-07-01T02:15:00-04:00',
      toLocal: '2026-07-01T23:30:00-04:00',
    });

    const kml = toKml(rows, 'AN/1', 'America/New_York');
    expect(kml).toContain('<name>1ABC123 2026-07-01 02:15:00</name>');
    expect(kml).toContain('Local time: 2026-07-01 02:15:00 (America/New_York, UTC-04:00)');
    expect(kml).toContain('<when>2026-07-01T06:15:00.000Z</when>');
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
  });

  it('escapes KML text', () => {
    expect(xmlEscape(`<a & 'b'>`)).toBe('&lt;a &amp; &apos;b&apos;&gt;');
    const kml = toKml(
      [{ read: read({ direction: '<towards>' }), camera: undefined }],
      'A&B',
      'Europe/Brussels',
    );
    expect(kml).toContain('<name>A&amp;B</name>');
    expect(kml).not.toContain('<towards>');
  });
});

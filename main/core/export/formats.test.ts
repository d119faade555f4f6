import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../common/read.ts';
import { storedRead } from './test-read.ts';
import { localDateTime } from '../../../common/time-zone.ts';
import type { StoredRead } from '../store/case-store.ts';
import {
  csvCell,
  csvNumber,
  toCsv,
  toGeoJson,
  toKml,
  xmlEscape,
  type ExportRead,
} from './formats.ts';
import {
  expectExportMatches,
  expectedOf,
  readCsv,
  readGeoJson,
  readKml,
} from './validate-export.test-support.ts';

const read = storedRead;

const camera = (id: string, site: string, lat: number, lon: number): Camera => ({
  id,
  site,
  lat,
  lon,
  road: null,
  direction: null,
  heading: null,
  lanes: 2,
  operator: 'federal',
  unitType: 'fixed',
  connectedSince: '2024-01-01T00:00:00.000Z',
  outages: [],
});

let serial = 0;
/** A read at a camera, `minutes` after the base instant; ids unique and in order. */
const at = (cam: Camera, minutes: number, over: Partial<StoredRead>): ExportRead => {
  serial += 1;
  return {
    read: read({
      id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
      capturedAt: new Date(Date.parse('2026-07-01T06:15:00.000Z') + minutes * 60_000).toISOString(),
      unitId: cam.id,
      lat: cam.lat,
      lon: cam.lon,
      ...over,
    }),
    camera: cam,
  };
};

/** The three files of an export, as the data-file writers produce them. */
const files = (rows: readonly ExportRead[], caseNumber: string, zone: string) => ({
  csv: toCsv(rows, caseNumber, zone),
  geojson: toGeoJson(rows, caseNumber, zone),
  kml: toKml(rows, caseNumber, zone),
});

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

  it('quotes CSV cells and defuses spreadsheet formulas, but never in a number', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-west')).toBe("'-west");
    expect(csvCell(-3)).toBe('-3');
    // A coordinate west of Greenwich is a number, not text a spreadsheet would show as such.
    expect(csvNumber(-122.300934, 6)).toBe('-122.300934');
  });

  it('reads back every read, place and route from CSV, GeoJSON and KML, west and south of Greenwich too', () => {
    // Seattle (west), Buenos Aires (west and south), Sydney (south, east), Sofia; Cyrillic and Greek plates.
    const seattle = camera('US-WA-1', 'Seattle, I-5 at Mercer St', 47.624562, -122.300934);
    const buenosAires = camera('AR-C-7', 'Buenos Aires, Av. 9 de Julio', -34.603722, -58.381592);
    const sydney = camera('AU-NSW-3', 'Sydney, Harbour Bridge', -33.852306, 151.210787);
    const sofia = camera('BG-SOF-2', 'София, бул. Цариградско шосе', 42.6719, 23.3653);
    const rows = [
      at(seattle, 0, { plate: 'ЕВ1234АК', country: 'BG', direction: 'N' }),
      at(buenosAires, 30, { plate: 'ΙΚΑ1234', country: 'GR', direction: 'S' }),
      at(sydney, 60, { plate: 'ЕВ1234АК', country: 'BG', direction: null }),
      at(sofia, 90, { plate: 'ΙΚΑ1234', country: 'GR', direction: 'към центъра' }),
      at(sofia, 120, { plate: 'ЕВ1234АК', country: 'BG', direction: 'W' }),
      at(seattle, 150, { plate: '1ABC123', country: 'BE', direction: 'E' }),
    ];
    const out = files(rows, 'AN/7', 'Europe/Sofia');
    expectExportMatches(out, expectedOf(rows));

    // Spelled out once, as an analyst would check the Seattle read by hand.
    const first = readCsv(out.csv)[0]!;
    expect([first['Plate'], first['Latitude'], first['Longitude']]).toEqual([
      'ЕВ1234АК',
      '47.624562',
      '-122.300934',
    ]);
    const geo = readGeoJson(out.geojson);
    expect(geo.routes.find((r) => r.plate === 'ЕВ1234АК')!.coordinates).toEqual([
      [-122.300934, 47.624562],
      [151.210787, -33.852306],
      [23.3653, 42.6719],
    ]);
    // One read of 1ABC123: a point, no route.
    expect(geo.routes.map((r) => r.plate).sort()).toEqual(['ЕВ1234АК', 'ΙΚΑ1234'].sort());
    const kml = readKml(out.kml);
    expect(kml.name).toBe('AN/7');
    expect(kml.reads.find((r) => r.id === rows[1]!.read.id)).toMatchObject({
      plate: 'ΙΚΑ1234',
      lon: -58.381592,
      lat: -34.603722,
    });
  });

  it('carries hostile text through every format: control characters, markup, formula prefixes', () => {
    const site = camera('CAM-<1>&', "=cmd|'/C calc'!A0 ]]> & <Łódź>\u0001", -0.5, -0.25);
    const plain = camera('CAM-2', '+32 depot @ "harbour"', 51.2, 4.4);
    const hostile: Array<Partial<StoredRead>> = [
      { plate: '=HYPERLINK("http://x")', direction: '-west' },
      { plate: '+32ABC', direction: '@SUM(A1)' },
      { plate: '-1ABC', direction: '=1+1' },
      { plate: '@ABC', direction: 'towards\u000bNorth' },
      { plate: 'A<B&C]]>', direction: '<towards> & ]]>' },
      { plate: 'AB\u0001C', direction: 'N\u0000\r\nS, "quoted"' },
      { plate: 'ΑΒ\u001fΓ', direction: '\ttabbed' },
    ];
    const rows = hostile.flatMap((over, i) => [
      at(i % 2 ? plain : site, i * 10, over),
      at(i % 2 ? site : plain, i * 10 + 5, over),
    ]);
    const out = files(rows, 'A&B <1> ]]>\u0002', 'Europe/Brussels');
    // Every file parses (the KML as XML 1.0), and every field reads back: exactly in
    // GeoJSON, with the formula guard in CSV, with U+FFFD for XML-forbidden characters in KML.
    expectExportMatches(out, expectedOf(rows));

    const csv = readCsv(out.csv);
    expect(csv[0]!['Plate']).toBe(`'=HYPERLINK("http://x")`);
    expect(csv.find((r) => r['Plate'] === "'-1ABC")!['Direction']).toBe("'=1+1");
    expect(csv.find((r) => r['Plate'] === 'AB\u0001C')!['Direction']).toBe(
      'N\u0000\r\nS, "quoted"',
    );
    expect(csv.every((r) => r['Case Number'] === 'A&B <1> ]]>\u0002')).toBe(true);
    const kml = readKml(out.kml);
    expect(kml.name).toBe('A&B <1> ]]>\uFFFD');
    expect(kml.reads.filter((r) => r.plate === 'AB\uFFFDC')).toHaveLength(2);
    expect(kml.reads.find((r) => r.plate === 'A<B&C]]>')!.description.direction).toBe(
      '<towards> & ]]>',
    );
    expect(readGeoJson(out.geojson).reads.filter((r) => r.plate === 'AB\u0001C')).toHaveLength(2);
  });

  it('escapes KML text', () => {
    expect(xmlEscape(`<a & 'b'>`)).toBe('&lt;a &amp; &apos;b&apos;&gt;');
    // XML 1.0 has no way to carry U+0001, not even as &#1;: it is replaced, visibly.
    expect(xmlEscape('AB\u0001C\u000b')).toBe('AB\uFFFDC\uFFFD');
    const kml = readKml(
      toKml(
        [{ read: read({ direction: '<towards>' }), camera: undefined }],
        'A&B',
        'Europe/Brussels',
      ),
    );
    expect(kml.name).toBe('A&B');
    expect(kml.reads[0]!.description.direction).toBe('<towards>');
  });
});

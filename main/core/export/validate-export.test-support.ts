/**
 * Reads the files of an evidence export back the way the recipient's tools
 * do, for tests: GeoJSON checked against RFC 7946 (check-geojson), KML parsed
 * as XML 1.0 (xmldom) and converted back with togeojson, CSV parsed by a real
 * RFC 4180 parser (csv-parse). A test then compares what came back, field by
 * field, with the reads that went in: an export that only *looks* right (the
 * word `<kml` present, one LineString somewhere) passes no test here.
 */
import { check, HintError } from '@placemarkio/check-geojson';
import { kmlWithFolders, type F, type Folder } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { ExportRead } from './formats.ts';

/** What every file of an export must say about one read. */
export interface ExpectedRead {
  id: string;
  plate: string;
  capturedAt: string;
  lat: number;
  lon: number;
  unitId: string;
  /** The read's own direction; undefined when the test does not know it. */
  direction?: string | null;
  /** The camera's site; undefined when the test does not know the camera. */
  site?: string | null;
}

export const expectedOf = (rows: readonly ExportRead[]): ExpectedRead[] =>
  rows.map(({ read, camera }) => ({
    id: read.id,
    plate: read.plate,
    capturedAt: read.capturedAt,
    lat: read.lat,
    lon: read.lon,
    unitId: read.unitId,
    direction: read.direction,
    site: camera?.site ?? null,
  }));

/** A read as a file gave it back. */
export interface ReadBack {
  id: string;
  plate: string;
  capturedAt: string;
  lon: number;
  lat: number;
}

/** A vehicle's route as a file gave it back: [lon, lat] in time order. */
export interface RouteBack {
  plate: string;
  coordinates: Array<[number, number]>;
}

/**
 * What a spreadsheet user sees of a text cell: a leading apostrophe on text
 * that would otherwise run as a formula (the export's documented guard).
 */
export const csvText = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** XML 1.0's `Char` production (spec §2.2), negated: what no XML document may hold. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** What KML text says of a value: characters XML 1.0 forbids become U+FFFD (documented in formats.ts). */
export const xmlText = (s: string): string =>
  s.replace(new RegExp(NOT_XML_CHAR.source, 'gu'), '\uFFFD');

// --- CSV -------------------------------------------------------------------

/** reads.csv as rows keyed by column title; throws if the file is not RFC 4180 or has ragged rows. */
export function readCsv(text: string): Array<Record<string, string>> {
  // The BOM tells spreadsheet programs the file is UTF-8 (foreign plates).
  expect(text.startsWith('\uFEFF'), 'reads.csv starts with a UTF-8 BOM').toBe(true);
  return parse(text, {
    bom: true,
    columns: true,
    record_delimiter: '\r\n',
    skip_empty_lines: false,
    relax_quotes: false,
    relax_column_count: false,
  }) as Array<Record<string, string>>;
}

export function expectCsvMatches(text: string, expected: readonly ExpectedRead[]): void {
  const rows = readCsv(text);
  // One row per read, none missing, none twice.
  expect(rows.map((row) => row['Read ID']).sort()).toEqual(expected.map((r) => r.id).sort());
  for (const want of expected) {
    const row = rows.find((r) => r['Read ID'] === want.id)!;
    const got: Record<string, string | undefined> = {
      plate: row['Plate'],
      capturedAt: row['Date-Time (UTC)'],
      unitId: row['Camera ID'],
      lat: row['Latitude'],
      lon: row['Longitude'],
    };
    const wanted: Record<string, string | undefined> = {
      plate: csvText(want.plate),
      capturedAt: want.capturedAt,
      unitId: csvText(want.unitId),
      // Coordinates are numbers: six decimals, minus sign kept, no formula guard.
      lat: want.lat.toFixed(6),
      lon: want.lon.toFixed(6),
    };
    if (typeof want.direction === 'string') {
      got.direction = row['Direction'];
      wanted.direction = csvText(want.direction);
    }
    if (want.site !== undefined) {
      got.site = row['Camera Site'];
      wanted.site = csvText(want.site ?? '');
    }
    expect(got, `reads.csv row of ${want.id}`).toEqual(wanted);
    // What a spreadsheet or i2 reads from the numeric columns is the position that went in.
    expect(Number(row['Latitude'])).toBeCloseTo(want.lat, 6);
    expect(Number(row['Longitude'])).toBeCloseTo(want.lon, 6);
  }
}

// --- GeoJSON ---------------------------------------------------------------

interface GeoFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

/**
 * reads.geojson validated against RFC 7946: structure by check-geojson, and
 * every position inside longitude/latitude bounds (a swapped pair far from
 * Greenwich would not be).
 */
export function readGeoJson(text: string): {
  name: unknown;
  reads: Array<ReadBack & { properties: Record<string, unknown> }>;
  routes: Array<RouteBack & { properties: Record<string, unknown> }>;
} {
  let parsed: unknown;
  try {
    parsed = check(text);
  } catch (error) {
    if (error instanceof HintError)
      throw new Error(`reads.geojson is not valid GeoJSON: ${JSON.stringify(error.issues)}`, {
        cause: error,
      });
    throw error;
  }
  const fc = parsed as { type: string; name?: unknown; features: GeoFeature[] };
  expect(fc.type).toBe('FeatureCollection');
  const inBounds = ([lon, lat]: number[]) =>
    lon! >= -180 && lon! <= 180 && lat! >= -90 && lat! <= 90;
  const reads: Array<ReadBack & { properties: Record<string, unknown> }> = [];
  const routes: Array<RouteBack & { properties: Record<string, unknown> }> = [];
  for (const f of fc.features) {
    const p = f.properties ?? {};
    if (p.kind === 'read') {
      expect(f.geometry?.type).toBe('Point');
      const [lon, lat] = f.geometry!.coordinates as number[];
      expect(inBounds([lon!, lat!]), `position of read ${String(f.id)}`).toBe(true);
      reads.push({
        id: String(f.id),
        plate: p.plate as string,
        capturedAt: p.capturedAt as string,
        lon: lon!,
        lat: lat!,
        properties: p,
      });
    } else if (p.kind === 'route') {
      expect(f.geometry?.type).toBe('LineString');
      const coordinates = (f.geometry!.coordinates as number[][]).map(
        ([lon, lat]) => [lon!, lat!] as [number, number],
      );
      expect(coordinates.every(inBounds), `route of ${String(p.plate)}`).toBe(true);
      routes.push({ plate: p.plate as string, coordinates, properties: p });
    } else {
      throw new Error(`reads.geojson: a feature of unknown kind ${JSON.stringify(p.kind)}`);
    }
  }
  return { name: fc.name, reads, routes };
}

/** Each plate's route: its reads in time order, for plates read at least twice. */
export function expectedRoutes(expected: readonly ExpectedRead[]): RouteBack[] {
  const byPlate = new Map<string, ExpectedRead[]>();
  for (const r of expected) byPlate.set(r.plate, [...(byPlate.get(r.plate) ?? []), r]);
  return [...byPlate]
    .filter(([, list]) => list.length > 1)
    .map(([plate, list]) => ({
      plate,
      coordinates: [...list]
        .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))
        .map((r) => [r.lon, r.lat] as [number, number]),
    }));
}

const byId = <T extends { id: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.id.localeCompare(b.id));
const byPlate = <T extends { plate: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.plate.localeCompare(b.plate));

export function expectGeoJsonMatches(text: string, expected: readonly ExpectedRead[]): void {
  const geo = readGeoJson(text);
  expect(byId(geo.reads.map(({ properties: _p, ...r }) => r))).toEqual(
    byId(
      expected.map((r) => ({
        id: r.id,
        plate: r.plate,
        capturedAt: r.capturedAt,
        lon: r.lon,
        lat: r.lat,
      })),
    ),
  );
  for (const read of geo.reads) {
    const want = expected.find((r) => r.id === read.id)!;
    expect(read.properties.cameraId).toBe(want.unitId);
    if (want.direction !== undefined) expect(read.properties.direction).toBe(want.direction);
    if (want.site !== undefined) expect(read.properties.cameraSite).toBe(want.site);
  }
  expect(byPlate(geo.routes.map(({ plate, coordinates }) => ({ plate, coordinates })))).toEqual(
    byPlate(expectedRoutes(expected)),
  );
}

// --- KML -------------------------------------------------------------------

/**
 * Parses XML as a strict reader would: any parser warning or error fails, and
 * so does a character XML 1.0 forbids, raw or as a reference (`&#1;`), which
 * xmldom itself lets through but Google Earth and QGIS refuse.
 */
export function parseXml(text: string) {
  expect(NOT_XML_CHAR.exec(text), 'a character XML 1.0 forbids').toBeNull();
  // Literal `]]>` may not appear in character data (XML 1.0 §2.4); the export writes no CDATA.
  expect(text).not.toContain(']]>');
  const doc = new DOMParser({
    onError: (level, message) => {
      // U+FFFD is a valid character, and the export writes it on purpose in
      // place of forbidden ones; xmldom only guesses it is an encoding slip.
      if (level === 'warning' && /replacement character/i.test(message)) return;
      throw new Error(`KML is not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(text, 'text/xml');
  expect(
    NOT_XML_CHAR.exec(doc.documentElement?.textContent ?? ''),
    'a character reference XML 1.0 forbids',
  ).toBeNull();
  return doc;
}

/** reads.kml as Google Earth shows it: the document name, each plate's folder, its read placemarks and route. */
export function readKml(text: string): {
  name: string | null;
  reads: Array<ReadBack & { placemarkName: string; description: Record<string, string> }>;
  routes: RouteBack[];
} {
  const doc = parseXml(text);
  const root = doc.documentElement!;
  expect([root.namespaceURI, root.localName]).toEqual(['http://www.opengis.net/kml/2.2', 'kml']);
  const documentName = root.getElementsByTagName('Document')[0]?.getElementsByTagName('name')[0];
  const reads: Array<ReadBack & { placemarkName: string; description: Record<string, string> }> =
    [];
  const routes: RouteBack[] = [];
  const tree = kmlWithFolders(doc);
  for (const child of tree.children) {
    // Every placemark sits in its plate's folder.
    expect(child.type).toBe('folder');
    const folder = child as Folder;
    const plate = String(folder.meta.name);
    for (const item of folder.children) {
      expect(item.type).toBe('Feature');
      const f = item as F;
      const placemarkName = String(f.properties?.name ?? '');
      if (f.geometry?.type === 'Point') {
        const [lon, lat] = f.geometry.coordinates;
        const description = kmlDescription(String(f.properties?.description ?? ''));
        reads.push({
          id: description.read!,
          plate,
          capturedAt: String(f.properties?.timestamp),
          lon: lon!,
          lat: lat!,
          placemarkName,
          description,
        });
      } else if (f.geometry?.type === 'LineString') {
        expect(placemarkName).toBe(`${plate} route`);
        routes.push({
          plate,
          coordinates: f.geometry.coordinates.map(([lon, lat]) => [lon!, lat!]),
        });
      } else {
        throw new Error(`reads.kml: a placemark without a point or line in ${plate}`);
      }
    }
  }
  return { name: documentName?.textContent ?? null, reads, routes };
}

/** The description of a read placemark, by its labelled lines (a value may itself hold line breaks). */
function kmlDescription(text: string): Record<string, string> {
  const m =
    /^Camera: ([\s\S]*)\nDirection: ([\s\S]*)\nConfidence: (.*)\nLocal time: (.*)\nUTC: (.*)\nRead: (.*)$/.exec(
      text,
    );
  if (!m) throw new Error(`reads.kml: unexpected description ${JSON.stringify(text)}`);
  const [, camera, direction, confidence, localTime, utc, read] = m;
  return {
    camera: camera!,
    direction: direction!,
    confidence: confidence!,
    localTime: localTime!,
    utc: utc!,
    read: read!,
  };
}

export function expectKmlMatches(text: string, expected: readonly ExpectedRead[]): void {
  const kml = readKml(text);
  expect(
    byId(
      kml.reads.map(({ id, plate, capturedAt, lon, lat }) => ({ id, plate, capturedAt, lon, lat })),
    ),
  ).toEqual(
    byId(
      expected.map((r) => ({
        id: r.id,
        plate: xmlText(r.plate),
        capturedAt: r.capturedAt,
        lon: r.lon,
        lat: r.lat,
      })),
    ),
  );
  for (const read of kml.reads) {
    const want = expected.find((r) => r.id === read.id)!;
    expect(read.placemarkName.startsWith(`${xmlText(want.plate)} `)).toBe(true);
    expect(read.description.utc).toBe(want.capturedAt);
    if (want.site === undefined)
      // The site is whatever the platform's camera list said: the camera id leads.
      expect(read.description.camera).toMatch(
        new RegExp(`^${escapeRegExp(xmlText(want.unitId))}(?: \\(.*\\))?$`),
      );
    else
      expect(read.description.camera).toBe(
        xmlText(want.site ? `${want.unitId} (${want.site})` : want.unitId),
      );
    if (want.direction !== undefined)
      expect(read.description.direction).toBe(xmlText(want.direction ?? '-'));
  }
  expect(byPlate(kml.routes)).toEqual(
    byPlate(expectedRoutes(expected).map((r) => ({ ...r, plate: xmlText(r.plate) }))),
  );
}

/**
 * The KML and the GeoJSON of one export describe the same features: same
 * reads at the same places and times, same routes (plates compared as KML
 * can carry them).
 */
export function expectKmlAgreesWithGeoJson(kmlText: string, geoJsonText: string): void {
  const kml = readKml(kmlText);
  const geo = readGeoJson(geoJsonText);
  expect(kml.reads).toHaveLength(geo.reads.length);
  expect(
    byId(
      kml.reads.map(({ id, plate, capturedAt, lon, lat }) => ({ id, plate, capturedAt, lon, lat })),
    ),
  ).toEqual(byId(geo.reads.map(({ properties: _p, ...r }) => ({ ...r, plate: xmlText(r.plate) }))));
  expect(byPlate(kml.routes)).toEqual(
    byPlate(geo.routes.map(({ plate, coordinates }) => ({ plate: xmlText(plate), coordinates }))),
  );
}

/** Every file given checked against the reads that went in, and KML against GeoJSON. */
export function expectExportMatches(
  files: { csv?: string; geojson?: string; kml?: string },
  expected: readonly ExpectedRead[],
): void {
  if (files.csv !== undefined) expectCsvMatches(files.csv, expected);
  if (files.geojson !== undefined) expectGeoJsonMatches(files.geojson, expected);
  if (files.kml !== undefined) expectKmlMatches(files.kml, expected);
  if (files.kml !== undefined && files.geojson !== undefined)
    expectKmlAgreesWithGeoJson(files.kml, files.geojson);
}

/** RegExp.escape is not in the TypeScript library this project targets yet. */
function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

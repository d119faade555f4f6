/**
 * The data files of an evidence export: CSV (columns an i2 Analyst's Notebook
 * import maps without editing: one row per read, date and time in separate
 * columns, entity and link fields named plainly), GeoJSON and KML (reads as
 * points, each vehicle's route as a line in time order). Pure: text in, text out.
 */
import { csvCell, csvNumber } from '../../../common/csv.ts';

export { csvCell, csvNumber };
import type { Camera } from '../../../common/read.ts';
import { localDateTime, localIso } from '../../../common/time-zone.ts';
import type { StoredRead } from '../store/case-store.ts';

export interface ExportRead {
  read: StoredRead;
  camera: Camera | undefined;
}

/** Column titles of reads.csv; the local date and time columns name the zone they are in. */
export function csvColumns(zone: string): string[] {
  return [
    'Read ID',
    'Plate',
    'Country',
    `Date (${zone})`,
    `Time (${zone})`,
    'Date-Time (UTC)',
    'Camera ID',
    'Camera Site',
    'Road',
    'Direction',
    'Lane',
    'Latitude',
    'Longitude',
    'OCR Confidence',
    'OCR Alternatives',
    'Hotlist Hit',
    'Source System',
    'Approval ID',
    'Case Number',
  ];
}

/** `zone`: the officer's display zone, for the local date and time columns. */
export function toCsv(rows: readonly ExportRead[], caseNumber: string, zone: string): string {
  const lines = [csvColumns(zone).map(csvCell).join(',')];
  for (const { read: r, camera } of rows) {
    const { date, time } = localDateTime(r.capturedAt, zone);
    lines.push(
      [
        csvCell(r.id),
        csvCell(r.plate),
        csvCell(r.country),
        csvCell(date),
        csvCell(time),
        csvCell(r.capturedAt),
        csvCell(r.unitId),
        csvCell(camera?.site ?? ''),
        csvCell(camera?.road ?? ''),
        csvCell(r.direction ?? camera?.direction ?? ''),
        csvCell(r.lane),
        csvNumber(r.lat, 6),
        csvNumber(r.lon, 6),
        csvNumber(r.confidence, 3),
        csvCell(r.alternatives.map((a) => `${a.plate} (${a.confidence.toFixed(2)})`).join('; ')),
        csvCell(r.hit ? 'yes' : 'no'),
        csvCell(r.source),
        csvCell(r.approvalId),
        csvCell(caseNumber),
      ].join(','),
    );
  }
  // BOM: spreadsheet programs then read the file as UTF-8 (Ö, Å in foreign plates).
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function byPlate(rows: readonly ExportRead[]): Map<string, ExportRead[]> {
  const out = new Map<string, ExportRead[]>();
  for (const row of rows) {
    const list = out.get(row.read.plate);
    if (list) list.push(row);
    else out.set(row.read.plate, [row]);
  }
  for (const list of out.values())
    list.sort((a, b) => a.read.capturedAt.localeCompare(b.read.capturedAt));
  return out;
}

export function toGeoJson(rows: readonly ExportRead[], caseNumber: string, zone: string): string {
  const features: unknown[] = rows.map(({ read: r, camera }) => ({
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      kind: 'read',
      plate: r.plate,
      country: r.country,
      capturedAt: r.capturedAt,
      capturedAtLocal: localIso(r.capturedAt, zone),
      timeZone: zone,
      cameraId: r.unitId,
      cameraSite: camera?.site ?? null,
      direction: r.direction,
      confidence: r.confidence,
      alternatives: r.alternatives,
      hit: r.hit,
      approvalId: r.approvalId,
    },
  }));
  for (const [plate, list] of byPlate(rows)) {
    if (list.length < 2) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: list.map((x) => [x.read.lon, x.read.lat]) },
      properties: {
        kind: 'route',
        plate,
        from: list[0]!.read.capturedAt,
        to: list.at(-1)!.read.capturedAt,
        fromLocal: localIso(list[0]!.read.capturedAt, zone),
        toLocal: localIso(list.at(-1)!.read.capturedAt, zone),
        timeZone: zone,
        reads: list.length,
      },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', name: caseNumber, features }, null, 1) + '\n';
}

/**
 * Text as XML 1.0 may carry it. `<`, `>`, `&` and quotes become entities; CR
 * becomes `&#13;` so a parser's line-end handling does not turn it into LF.
 * Characters XML 1.0 forbids even as references (C0 controls other than tab,
 * LF and CR; U+FFFE, U+FFFF; lone surrogates) become U+FFFD, the replacement
 * character: without it one stray control byte in a plate or a direction
 * makes the whole KML unreadable, and a dropped byte would silently show a
 * different plate (`AB\u0001C` as `ABC`) where U+FFFD shows that one was there.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(
      /[<>&'"\r]/g,
      (c) =>
        ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' })[
          c
        ]!,
    );
}

export function toKml(rows: readonly ExportRead[], caseNumber: string, zone: string): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${xmlEscape(caseNumber)}</name>`,
  ];
  for (const [plate, list] of byPlate(rows)) {
    out.push(`<Folder><name>${xmlEscape(plate)}</name>`);
    for (const { read: r, camera } of list) {
      const { date, time, offset } = localDateTime(r.capturedAt, zone);
      out.push(
        '<Placemark>',
        `<name>${xmlEscape(`${plate} ${date} ${time}`)}</name>`,
        `<description>${xmlEscape(
          [
            `Camera: ${r.unitId}${camera ? ` (${camera.site})` : ''}`,
            `Direction: ${r.direction ?? '-'}`,
            `Confidence: ${r.confidence.toFixed(2)}`,
            `Local time: ${date} ${time} (${zone}, UTC${offset})`,
            `UTC: ${r.capturedAt}`,
            `Read: ${r.id}`,
          ].join('\n'),
        )}</description>`,
        `<TimeStamp><when>${xmlEscape(r.capturedAt)}</when></TimeStamp>`,
        `<Point><coordinates>${r.lon},${r.lat},0</coordinates></Point>`,
        '</Placemark>',
      );
    }
    if (list.length > 1) {
      out.push(
        '<Placemark>',
        `<name>${xmlEscape(`${plate} route`)}</name>`,
        `<LineString><tessellate>1</tessellate><coordinates>${list
          .map((x) => `${x.read.lon},${x.read.lat},0`)
          .join(' ')}</coordinates></LineString>`,
        '</Placemark>',
      );
    }
    out.push('</Folder>');
  }
  out.push('</Document>', '</kml>');
  return out.join('\n') + '\n';
}

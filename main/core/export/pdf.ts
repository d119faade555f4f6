/**
 * The PDF evidence report of an export: what was disclosed, to whom, by whom,
 * when and why (the art. 25 questions), the query behind it, the approvals the
 * reads came under, the map, the reads, and the SHA-256 of every other file
 * of the export so the recipient can check them.
 */
import PDFDocument from 'pdfkit';
import { PDF_FONT, usePdfFonts } from '../../../common/pdf-fonts.node.ts';
import type { ExportRead } from './formats.ts';
import type { PolicyPack } from '../../../common/policy.ts';
import { zoneLabel } from '../../../common/settings.ts';
import { localDateTime } from '../../../common/time-zone.ts';

/** An offence type as the report names it: the policy pack's label in the report's language, and its id. */
export interface ReportOffence {
  id: string;
  label: string;
  /** The provision that allows ANPR use for this type, as the pack quotes it. */
  legalBasis: string;
}

/** The language the report is written in (its headings and labels are English). */
export const REPORT_LANGUAGE = 'en';

/**
 * The pack's offence type for the report. An id the pack no longer lists
 * (a saved run from an older pack) is still named, by its id, so the report
 * never drops what the audit trail recorded.
 */
export function reportOffence(pack: PolicyPack, id: string): ReportOffence {
  const type = pack.offences.types.find((o) => o.id === id);
  if (!type) return { id, label: id, legalBasis: 'not in the current policy pack' };
  return { id, label: type.label[REPORT_LANGUAGE], legalBasis: type.legalBasis };
}

export interface ReportInput {
  exportId: string;
  generatedAt: Date;
  appVersion: string;
  case: {
    number: string;
    title: string;
    offence: string;
    legalBasis: string;
    purpose: string;
  };
  officer: { displayName: string; username: string; id: string; role: string };
  recipient: { kind: string; name: string; reference: string };
  /** The offence type the export (the disclosure query) names. */
  offenceType: ReportOffence;
  reasonCode: string;
  justification: string;
  /** The export's own selection (plates, window). */
  selection: { plates: string[]; from: string | null; to: string | null };
  /** The analysis run the export documents, if any. */
  run: {
    id: string;
    kind: string;
    params: unknown;
    /** Null for runs saved before offence types existed. */
    offenceType: ReportOffence | null;
    reasonCode: string;
    justification: string;
    officer: string;
    createdAt: string;
    summary: unknown;
  } | null;
  /** Prosecutor approvals the disclosed reads (or the case's pulls) came under. */
  approvals: string[];
  map: { mime: 'image/png' | 'image/jpeg'; data: Buffer } | null;
  reads: readonly ExportRead[];
  /** The officer's display zone (IANA): local times in the report are in it, UTC alongside. */
  timeZone: string;
  /** Files of the export other than this report. */
  files: ReadonlyArray<{ name: string; bytes: number; sha256: string }>;
}

const MARGIN = 42;
const INK = '#17202b';
const MUTED = '#566374';
const RULE = '#c9d1db';
const ROUTE_COLOURS = ['#1f5fbf', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490'];

/**
 * Text as the report prints it: every letter as it is (the embedded fonts
 * cover Latin, Greek and Cyrillic), only control characters dropped, which
 * a PDF text run cannot carry anyway.
 */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

/** "Theft, burglary or robbery (be-property; Art. 15 WPA/LFP ...)". */
function offenceText(o: ReportOffence): string {
  return `${o.label} (${o.id}; ${o.legalBasis})`;
}

function when(d: Date | string, zone: string): string {
  const isoText = typeof d === 'string' ? d : d.toISOString();
  const { date, time } = localDateTime(isoText, zone);
  return `${date} ${time} (${zone}) = ${isoText.replace(/\.\d{3}Z$/, 'Z')} UTC`;
}

export function renderReport(input: ReportInput): Promise<Buffer> {
  const zone = input.timeZone;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: printable(`ANPR evidence report ${input.case.number}`),
      Author: printable(`${input.officer.displayName} (${input.officer.username})`),
      Subject: printable(`Disclosure to ${input.recipient.name}`),
      Creator: `ANPR Workstation ${input.appVersion}`,
      CreationDate: input.generatedAt,
    },
  });
  usePdfFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.6).font(PDF_FONT.bold).fontSize(12).fillColor(INK).text(printable(text));
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    doc.moveDown(0.4);
  };
  const field = (label: string, value: string) => {
    const y = doc.y;
    doc.font(PDF_FONT.regular).fontSize(9).fillColor(MUTED).text(printable(label), MARGIN, y, {
      width: 130,
    });
    const labelBottom = doc.y;
    doc
      .font(PDF_FONT.regular)
      .fontSize(9.5)
      .fillColor(INK)
      .text(printable(value || '-'), MARGIN + 136, y, { width: width - 136 });
    doc.y = Math.max(doc.y, labelBottom) + 2;
    doc.x = MARGIN;
  };

  // --- Title ---------------------------------------------------------------
  doc.font(PDF_FONT.bold).fontSize(18).fillColor(INK).text('ANPR evidence report');
  doc
    .font(PDF_FONT.regular)
    .fontSize(10)
    .fillColor(MUTED)
    .text(printable(`${input.case.number} - ${input.case.title}`));
  doc
    .fontSize(8.5)
    .text(
      printable(
        'Personal data of a law-enforcement investigation (EU Directive 2016/680). Disclosed to the ' +
          'recipient named below for criminal matters only; further transfer needs its own legal basis.',
      ),
    );

  heading('Case');
  field('Case number', input.case.number);
  field('Title', input.case.title);
  field('Offence', input.case.offence);
  field('Legal basis', input.case.legalBasis);
  field('Purpose', input.case.purpose);

  heading('Disclosure');
  field('Recipient', `${input.recipient.name} (${input.recipient.kind})`);
  field('Recipient reference', input.recipient.reference);
  field(
    'Disclosed by',
    `${input.officer.displayName} (${input.officer.username}, ${input.officer.role}, id ${input.officer.id})`,
  );
  field('Time', when(input.generatedAt, zone));
  field('Time zone', `${zone}: local times here and in the data files; UTC alongside`);
  field('Offence type', offenceText(input.offenceType));
  field('Reason code', input.reasonCode);
  field('Justification', input.justification);
  field('Export id', input.exportId);

  heading('Query');
  field('Plates', input.selection.plates.join(', '));
  field(
    'Period',
    input.selection.from || input.selection.to
      ? `${input.selection.from ? when(input.selection.from, zone) : 'first read held'} to ${
          input.selection.to ? when(input.selection.to, zone) : 'last read held'
        }`
      : 'every read of these plates held for the case',
  );
  if (input.run) {
    field('Analysis', `${input.run.kind} (run ${input.run.id})`);
    field('Run by / at', `${input.run.officer}, ${when(input.run.createdAt, zone)}`);
    field('Parameters', JSON.stringify(input.run.params));
    field(
      'Run offence type',
      input.run.offenceType
        ? offenceText(input.run.offenceType)
        : 'not recorded (run saved before offence types existed)',
    );
    field('Run reason code', input.run.reasonCode);
    field('Run justification', input.run.justification);
    field('Result summary', JSON.stringify(input.run.summary));
  }
  field(
    'Approvals',
    input.approvals.length
      ? input.approvals.join(', ')
      : 'none needed (all reads within the normal consultation window)',
  );

  // --- Map -----------------------------------------------------------------
  let mapHeight = 300;
  let image: { width: number; height: number } | null = null;
  if (input.map) {
    // openImage exists in pdfkit but not in its type definitions.
    image = (
      doc as unknown as { openImage(src: Buffer): { width: number; height: number } }
    ).openImage(input.map.data);
    mapHeight = Math.min(360, (width * image.height) / image.width);
  }
  // The heading stays with its map.
  if (doc.y + mapHeight + 60 > doc.page.height - MARGIN) doc.addPage();
  heading('Map');
  const top = doc.y;
  if (image) {
    doc.image(image as unknown as Buffer, MARGIN, top, { width, height: mapHeight });
    doc.rect(MARGIN, top, width, mapHeight).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = top + mapHeight + 4;
    doc
      .font(PDF_FONT.regular)
      .fontSize(8)
      .fillColor(MUTED)
      .text('Map as shown on the workstation when the export was made.', MARGIN);
  } else {
    drawRoutePlot(doc, input.reads, MARGIN, top, width, mapHeight);
    doc.y = top + mapHeight + 4;
    doc
      .font(PDF_FONT.regular)
      .fontSize(8)
      .fillColor(MUTED)
      .text('Route plot of the disclosed reads (equirectangular, north up).', MARGIN);
  }

  // --- Reads ---------------------------------------------------------------
  heading(`Reads (${input.reads.length})`);
  const cols = [
    { title: `Local time (${zoneLabel(zone)})`, w: 102 },
    { title: 'Plate', w: 54 },
    { title: 'Camera', w: 88 },
    { title: 'Site', w: 118 },
    { title: 'Dir.', w: 64 },
    { title: 'Conf.', w: 28 },
    { title: 'Read id (start)', w: width - 454 },
  ];
  const header = () => {
    let x = MARGIN;
    doc.font(PDF_FONT.bold).fontSize(7.5).fillColor(MUTED);
    const y = doc.y;
    for (const c of cols) {
      doc.text(fit(doc, c.title, c.w - 4), x, y, { lineBreak: false });
      x += c.w;
    }
    doc.y = y + 11;
  };
  header();
  doc.font(PDF_FONT.regular).fontSize(7.5).fillColor(INK);
  for (const { read: r, camera } of input.reads) {
    if (doc.y > doc.page.height - MARGIN - 24) {
      doc.addPage();
      header();
      doc.font(PDF_FONT.regular).fontSize(7.5).fillColor(INK);
    }
    const { date, time } = localDateTime(r.capturedAt, zone);
    const cells = [
      `${date} ${time}`,
      r.plate,
      r.unitId,
      camera?.site ?? '',
      r.direction ?? '',
      r.confidence.toFixed(2),
      r.id.slice(0, 8),
    ];
    let x = MARGIN;
    const y = doc.y;
    cells.forEach((text, i) => {
      doc.text(fit(doc, printable(text), cols[i]!.w - 5), x, y, { lineBreak: false });
      x += cols[i]!.w;
    });
    doc.y = y + 10;
  }
  doc.x = MARGIN;

  // --- Manifest ------------------------------------------------------------
  heading('Files of this export (SHA-256)');
  for (const f of input.files) {
    const y = doc.y;
    doc.font(PDF_FONT.regular).fontSize(9).fillColor(INK).text(printable(f.name), MARGIN, y);
    doc.fontSize(7.5).fillColor(MUTED).text(`${f.bytes} bytes`, MARGIN, doc.y);
    doc
      .font(PDF_FONT.mono)
      .fontSize(8.5)
      .fillColor(INK)
      .text(f.sha256, MARGIN + 136, y, {
        lineBreak: false,
      });
    doc.y = Math.max(doc.y, y + 22);
    doc.x = MARGIN;
  }
  doc
    .font(PDF_FONT.regular)
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      'This report itself is listed with its SHA-256 in manifest.json next to it. ' +
        'Check a file with: sha256sum <file> (Linux), shasum -a 256 <file> (macOS), ' +
        'Get-FileHash <file> (Windows).',
      MARGIN,
    );

  // --- Footer on every page -------------------------------------------------
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(PDF_FONT.regular)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(
        printable(
          `${input.case.number} - export ${input.exportId} - page ${i - range.start + 1} of ${range.count}`,
        ),
        MARGIN,
        doc.page.height - 28,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** `text` cut with an ellipsis to fit `width` points in the current font. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Without a map image: each vehicle's reads as a line in time order, north up. */
function drawRoutePlot(
  doc: PDFKit.PDFDocument,
  reads: readonly ExportRead[],
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  doc.rect(x, y, w, h).fillColor('#eef1f5').fill();
  if (reads.length === 0) return;
  const lats = reads.map((r) => r.read.lat);
  const lons = reads.map((r) => r.read.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const minX = Math.min(...lons) * k;
  const maxX = Math.max(...lons) * k;
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const pad = 16;
  const scale = Math.min(
    (w - 2 * pad) / Math.max(maxX - minX, 1e-4),
    (h - 2 * pad) / Math.max(maxY - minY, 1e-4),
  );
  // Centred in the frame.
  const dx = (w - 2 * pad - (maxX - minX) * scale) / 2;
  const dy = (h - 2 * pad - (maxY - minY) * scale) / 2;
  const px = (lon: number) => x + pad + dx + (lon * k - minX) * scale;
  const py = (lat: number) => y + h - pad - dy - (lat - minY) * scale;
  const plates = new Map<string, ExportRead[]>();
  for (const r of reads) {
    const list = plates.get(r.read.plate) ?? [];
    list.push(r);
    plates.set(r.read.plate, list);
  }
  let i = 0;
  for (const [plate, list] of plates) {
    const colour = ROUTE_COLOURS[i++ % ROUTE_COLOURS.length]!;
    list.sort((a, b) => a.read.capturedAt.localeCompare(b.read.capturedAt));
    doc.lineWidth(1.4).strokeColor(colour);
    list.forEach((r, j) => {
      if (j === 0) doc.moveTo(px(r.read.lon), py(r.read.lat));
      else doc.lineTo(px(r.read.lon), py(r.read.lat));
    });
    if (list.length > 1) doc.stroke();
    for (const r of list) doc.circle(px(r.read.lon), py(r.read.lat), 2).fillColor(colour).fill();
    doc
      .font(PDF_FONT.regular)
      .fontSize(8)
      .fillColor(colour)
      .text(printable(plate), x + 8, y + 6 + (i - 1) * 11, { lineBreak: false });
  }
}

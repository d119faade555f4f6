import PDFDocument from 'pdfkit';
import { PDF_FONT, usePdfFonts } from '../../common/pdf-fonts.node.ts';
import { csvCell } from '../../common/csv.ts';
import type { Area } from '../../common/geo.ts';
import type {
  AccessRequest,
  AuditEntryView,
  CaseContext,
  PostponementView,
  SampleCheck,
} from '../../common/oversight-api.ts';
import { localTime } from './zone.ts';

/**
 * Documents oversight hands out: the prosecutor's decision (for the case
 * file), the commissioner's postponement, and the report of a sample check
 * (PDF for the file, CSV for a spreadsheet). Rendered on the platform, which
 * holds the record; the workstation only saves what it receives.
 */

const MARGIN = 50;
const INK = '#17202b';
const MUTED = '#566374';
const ACCENT = '#12355b';
const RULE = '#d5dbe3';

export function localStamp(iso: string | null, zone: string): string {
  if (!iso) return '—';
  const t = localTime(new Date(iso), zone);
  return `${t.day} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export function describeArea(area: Area | null | undefined): string {
  if (!area) return '—';
  switch (area.kind) {
    case 'circle':
      return `circle of ${Math.round(area.radiusM)} m around ${area.lat.toFixed(5)}, ${area.lon.toFixed(5)}`;
    case 'polygon':
      return `polygon of ${area.points.length} points`;
    case 'cameras':
      return `cameras ${area.cameraIds.join(', ')}`;
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function newDoc(title: string, subject: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: {
      Title: title,
      Subject: subject,
      Producer: 'ANPR reference platform',
      Creator: 'ANPR reference platform',
    },
    bufferPages: true,
  });
  usePdfFonts(doc);
  return doc;
}

function header(doc: PDFKit.PDFDocument, eyebrow: string, title: string): void {
  const width = doc.page.width - 2 * MARGIN;
  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc
    .fillColor(MUTED)
    .font(PDF_FONT.regular)
    .fontSize(9)
    .text(eyebrow.toUpperCase(), MARGIN, MARGIN, { characterSpacing: 0.6 });
  doc.moveDown(0.3);
  doc.fillColor(INK).font(PDF_FONT.bold).fontSize(18).text(title, { width });
  doc.moveDown(0.6);
  rule(doc);
}

function rule(doc: PDFKit.PDFDocument): void {
  const y = doc.y;
  doc
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .lineWidth(0.7)
    .strokeColor(RULE)
    .stroke();
  doc.moveDown(0.6);
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.4);
  doc.fillColor(ACCENT).font(PDF_FONT.bold).fontSize(11).text(title, MARGIN);
  doc.moveDown(0.3);
}

/** Label / value rows, the value wrapping in its column. */
function facts(
  doc: PDFKit.PDFDocument,
  rows: ReadonlyArray<[string, string]>,
  options: { mono?: boolean } = {},
): void {
  const labelW = 140;
  const valueW = doc.page.width - 2 * MARGIN - labelW - 10;
  // Hashes and seeds in a fixed-width face, small enough to stay on one line.
  const font = options.mono ? PDF_FONT.mono : PDF_FONT.regular;
  const size = options.mono ? 8.5 : 10;
  for (const [label, value] of rows) {
    const h = Math.max(
      doc
        .font(font)
        .fontSize(size)
        .heightOfString(value || '—', { width: valueW }),
      12,
    );
    if (doc.y + h > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    doc
      .fillColor(MUTED)
      .font(PDF_FONT.regular)
      .fontSize(9)
      .text(label, MARGIN, y + 1, { width: labelW });
    doc
      .fillColor(INK)
      .font(font)
      .fontSize(size)
      .text(value || '—', MARGIN + labelW + 10, y + (options.mono ? 1 : 0), { width: valueW });
    doc.y = y + h + 5;
  }
}

function paragraph(doc: PDFKit.PDFDocument, text: string): void {
  doc
    .fillColor(INK)
    .font(PDF_FONT.regular)
    .fontSize(10)
    .text(text, MARGIN, doc.y, {
      width: doc.page.width - 2 * MARGIN,
      lineGap: 2,
    });
  doc.moveDown(0.5);
}

function footer(doc: PDFKit.PDFDocument, left: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 14;
    // Writing below the bottom margin must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fillColor(MUTED).font(PDF_FONT.regular).fontSize(8);
    doc.text(left, MARGIN, y, { width: 380, lineBreak: false });
    doc.text(`Page ${i + 1 - range.start} of ${range.count}`, doc.page.width - MARGIN - 100, y, {
      width: 100,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

const DECISION_LABEL = {
  approve: 'APPROVED',
  narrow: 'APPROVED WITH NARROWED SCOPE',
  refuse: 'REFUSED',
};

export async function renderDecisionPdf(input: {
  request: AccessRequest;
  case: CaseContext;
  zone: string;
  generatedAt: Date;
  generatedBy: string;
}): Promise<Buffer> {
  const { request: r, case: c, zone } = input;
  const d = r.decision;
  const doc = newDoc(`Decision on extended access ${r.id}`, `Case ${c.number}`);
  const done = collect(doc);
  header(
    doc,
    'Extended access to ANPR reads · decision of the public prosecutor',
    `Case ${c.number}`,
  );
  facts(doc, [
    ['Case', `${c.number}: ${c.title}`],
    ['Offence', c.offence],
    ['Legal basis (case)', c.legalBasis],
    ['Purpose', c.purpose],
  ]);

  section(doc, 'Request');
  facts(doc, [
    [
      'Filed by',
      `${r.requestedByName ?? r.requestedBy} on ${localStamp(r.createdAt, zone)} (${zone})`,
    ],
    ['Urgency', r.urgency],
    ['Plates', r.plates.length ? r.plates.join(', ') : '—'],
    ['Area', describeArea(r.area)],
    ['Capture period', `${localStamp(r.periodFrom, zone)} – ${localStamp(r.periodTo, zone)}`],
    ['Offence', r.offence],
    ['Legal basis', r.legalBasis],
    ['Justification', r.justification],
  ]);

  section(doc, 'Decision');
  if (!d) {
    paragraph(
      doc,
      r.status === 'withdrawn' ? 'The request was withdrawn by the requester.' : 'No decision yet.',
    );
  } else {
    doc
      .fillColor(d.decision === 'refuse' ? '#b3261e' : '#1e7b45')
      .font(PDF_FONT.bold)
      .fontSize(13)
      .text(DECISION_LABEL[d.decision], MARGIN);
    doc.moveDown(0.4);
    const rows: Array<[string, string]> = [
      [
        'Decided by',
        `${d.decidedByName ?? d.decidedBy} on ${localStamp(d.decidedAt, zone)} (${zone})`,
      ],
    ];
    if (d.decision !== 'refuse') {
      rows.push(
        ['Granted plates', d.plates?.length ? d.plates.join(', ') : '—'],
        ['Granted area', describeArea(d.area)],
        [
          'Granted capture period',
          `${localStamp(d.periodFrom, zone)} – ${localStamp(d.periodTo, zone)}`,
        ],
        ['Valid until', `${localStamp(d.expiresAt, zone)} (${zone})`],
      );
    }
    rows.push(['Reasons', d.reasons]);
    facts(doc, rows);
    section(doc, 'Effect');
    paragraph(
      doc,
      d.decision === 'refuse'
        ? 'No read older than the normal consultation window is made available under this request.'
        : 'The platform makes reads captured before the normal consultation window available to the officers assigned to this case, ' +
            'only within the granted plates and/or area and capture period, and only until the decision expires. ' +
            'Every consultation under it is logged with its justification.',
    );
  }
  section(doc, 'Record');
  facts(doc, [
    ['Request id', r.id],
    ['Decision id', d?.id ?? '—'],
    [
      'Document generated',
      `${localStamp(input.generatedAt.toISOString(), zone)} by ${input.generatedBy}`,
    ],
  ]);
  footer(doc, `Extended-access decision · case ${c.number} · request ${r.id.slice(0, 8)}`);
  doc.end();
  return done;
}

export async function renderPostponementPdf(input: {
  postponement: PostponementView;
  zone: string;
  generatedAt: Date;
  generatedBy: string;
}): Promise<Buffer> {
  const p = input.postponement;
  const zone = input.zone;
  const doc = newDoc(
    `Postponement of deletion ${p.id}`,
    'Decision of the national police commissioner',
  );
  const done = collect(doc);
  header(
    doc,
    'ANPR · extraordinary postponement of deletion',
    'Decision of the national police commissioner',
  );
  const s = p.scope;
  facts(doc, [
    [
      'Decided by',
      `${p.decidedByName ?? p.decidedBy} on ${localStamp(p.decidedAt, zone)} (${zone})`,
    ],
    ['Deletion postponed until', `${localStamp(p.until, zone)} (${zone})`],
    ['Scope', s.all ? 'every stored read' : ''],
    ['Plates', s.plates?.join(', ') ?? '—'],
    ['Area', describeArea(s.area)],
    ['Camera units', s.unitIds?.join(', ') ?? '—'],
    [
      'Captured',
      `${localStamp(s.capturedFrom ?? null, zone)} – ${localStamp(s.capturedTo ?? null, zone)}`,
    ],
    ['Reads affected', String(p.readsAffected)],
    ['Reasons', p.reasons],
  ]);
  section(doc, 'Effect');
  paragraph(
    doc,
    'The deletion deadlines of the reads in scope are extended to the date above, never shortened. Reads ingested while the ' +
      'postponement runs are covered too. The decision is recorded on the platform and cannot be changed.',
  );
  section(doc, 'Record');
  facts(doc, [
    ['Decision id', p.id],
    [
      'Document generated',
      `${localStamp(input.generatedAt.toISOString(), zone)} by ${input.generatedBy}`,
    ],
  ]);
  footer(doc, `Postponement of deletion · ${p.id.slice(0, 8)}`);
  doc.end();
  return done;
}

function entryLine(e: AuditEntryView): string {
  const what = [e.action, e.caseNumber ?? e.caseId ?? '', e.outcome !== 'allowed' ? e.outcome : '']
    .filter(Boolean)
    .join(' · ');
  return what;
}

export async function renderSamplePdf(input: {
  sample: SampleCheck;
  zone: string;
  generatedAt: Date;
  generatedBy: string;
}): Promise<Buffer> {
  const s = input.sample;
  const zone = input.zone;
  const doc = newDoc(`Sample check ${s.id}`, `Audit sample check of ${s.officer.displayName}`);
  const done = collect(doc);
  header(
    doc,
    'ANPR audit · random sample check of the logs',
    `${s.officer.displayName} (${s.officer.username})`,
  );
  const verdicts = { lawful: 0, doubtful: 0, unlawful: 0 };
  for (const r of s.reviews) verdicts[r.verdict]++;
  facts(doc, [
    ['Period', `${localStamp(s.from, zone)} – ${localStamp(s.to, zone)} (${zone})`],
    ['Sample', `${s.entries.length} of ${s.candidateCount} log entries (asked: ${s.size})`],
    ['Status', s.status],
    [
      'Result',
      `${verdicts.lawful} lawful · ${verdicts.doubtful} doubtful · ${verdicts.unlawful} unlawful · ${s.entries.length - s.reviews.length} not reviewed`,
    ],
    ['Checked by', `${s.createdByName ?? s.createdBy}`],
    ['Committed', localStamp(s.createdAt, zone)],
    ['Drawn', localStamp(s.drawnAt, zone)],
    ['Completed', localStamp(s.completedAt, zone)],
  ]);
  section(doc, 'Randomness (commit and reveal)');
  facts(
    doc,
    [
      ['Commitment sha256(seed)', s.commitment],
      ['Platform seed (revealed)', s.seed ?? 'not revealed yet'],
      [
        'Supervisor value',
        s.supervisorValue ??
          (s.seed ? 'none (drawn from the platform seed alone)' : 'given at the draw'),
      ],
      ['Draw seed', s.drawSeed ?? 'computed at the draw'],
      ['Candidate set sha256', s.candidatesHash],
    ],
    { mono: true },
  );
  paragraph(
    doc,
    'The commitment and the fingerprint of the candidate set were written to the audit chain before the draw. ' +
      'At the draw the supervisor contributed a value the platform could not know when it committed; ' +
      'the draw seed is SHA-256(platform seed bytes || UTF-8 bytes of the supervisor value), so neither side alone chose the sample. ' +
      'The draw orders the candidate entries by HMAC-SHA256(draw seed, "anpr-sample-v1" || 0x00 || entry) and takes the first entries. ' +
      'To check: SHA-256 of the platform seed bytes must equal the commitment; recompute the draw seed ' +
      '(e.g. { printf %s SEED | xxd -r -p; printf %s "VALUE"; } | sha256sum) and repeat the draw.',
  );

  section(doc, 'Entries and verdicts');
  const reviews = new Map(s.reviews.map((r) => [r.ref, r]));
  const width = doc.page.width - 2 * MARGIN;
  s.entries.forEach((e, i) => {
    const r = reviews.get(e.ref);
    const head = `${i + 1}. ${localStamp(e.at, zone)}  ${entryLine(e)}`;
    const body = [
      `Entry ${e.ref}${e.outOfHours ? ' · out of office hours' : ''}${e.resultCount !== null ? ` · ${e.resultCount} results` : ''}`,
      `Justification: ${e.justification ?? '—'}`,
      r
        ? `Verdict: ${r.verdict.toUpperCase()}${r.note ? ` — ${r.note}` : ''}`
        : 'Verdict: not reviewed',
    ].join('\n');
    const h =
      doc.font(PDF_FONT.bold).fontSize(10).heightOfString(head, { width }) +
      doc
        .font(PDF_FONT.regular)
        .fontSize(9)
        .heightOfString(body, { width: width - 12 }) +
      10;
    if (doc.y + h > doc.page.height - MARGIN - 20) doc.addPage();
    doc.fillColor(INK).font(PDF_FONT.bold).fontSize(10).text(head, MARGIN, doc.y, { width });
    const colour = !r
      ? MUTED
      : r.verdict === 'unlawful'
        ? '#b3261e'
        : r.verdict === 'doubtful'
          ? '#8a5a00'
          : INK;
    doc
      .fillColor(colour)
      .font(PDF_FONT.regular)
      .fontSize(9)
      .text(body, MARGIN + 12, doc.y + 1, { width: width - 12 });
    doc.moveDown(0.5);
  });
  if (s.entries.length === 0) paragraph(doc, 'The period held no entries of this officer.');
  section(doc, 'Record');
  facts(doc, [
    ['Sample check id', s.id],
    [
      'Document generated',
      `${localStamp(input.generatedAt.toISOString(), zone)} by ${input.generatedBy}`,
    ],
  ]);
  footer(doc, `Sample check ${s.id.slice(0, 8)} · ${s.officer.username} · plates masked`);
  doc.end();
  return done;
}

export function renderSampleCsv(sample: SampleCheck, zone: string): string {
  const reviews = new Map(sample.reviews.map((r) => [r.ref, r]));
  const header = [
    'sample_id',
    'officer',
    'n',
    'entry',
    'at_utc',
    'at_local',
    'action',
    'operation',
    'case',
    'justification',
    'outcome',
    'result_count',
    'out_of_hours',
    'verdict',
    'note',
    'reviewed_by',
    'reviewed_at_utc',
    'commitment',
    'seed',
    'supervisor_value',
    'draw_seed',
  ];
  const lines = [header.join(',')];
  sample.entries.forEach((e, i) => {
    const r = reviews.get(e.ref);
    lines.push(
      [
        sample.id,
        sample.officer.username,
        i + 1,
        e.ref,
        e.at,
        localStamp(e.at, zone),
        e.action,
        e.operation,
        e.caseNumber ?? e.caseId ?? '',
        e.justification ?? '',
        e.outcome,
        e.resultCount ?? '',
        e.outOfHours ? 'yes' : 'no',
        r?.verdict ?? '',
        r?.note ?? '',
        r?.reviewedByName ?? r?.reviewedBy ?? '',
        r?.reviewedAt ?? '',
        sample.commitment,
        sample.seed ?? '',
        sample.supervisorValue ?? '',
        sample.drawSeed ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return lines.join('\r\n') + '\r\n';
}

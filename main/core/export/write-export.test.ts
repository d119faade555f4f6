import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../../common/policy.ts';
import type { StoredRead } from '../store/case-store.ts';
import { reportOffence } from './pdf.ts';
import { storedRead } from './test-read.ts';
import { expectExportMatches, expectedOf } from './validate-export.test-support.ts';
import { sha256, writeExport } from './write-export.ts';

const read = (over: Partial<StoredRead> = {}): StoredRead =>
  storedRead({ direction: 'N', alternatives: [], ...over });

/** The text a PDF shows, as a PDF reader extracts it (Mozilla's pdf.js, via unpdf). */
async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)));
  return text.join('\n');
}

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

type ExportInput = Parameters<typeof writeExport>[0];

/** One read exported to a prosecutor in Kathmandu time; tests change what they are about. */
function exportInput(
  root: string,
  over: Partial<Omit<ExportInput, 'report'>> & { report?: Partial<ExportInput['report']> } = {},
): ExportInput {
  const base: ExportInput = {
    exportsRoot: root,
    caseId: 'case-1',
    exportId: '11111111-1111-4111-8111-111111111111',
    now: new Date('2026-07-02T10:00:00.000Z'),
    formats: ['csv', 'geojson', 'kml', 'pdf'],
    rows: [{ read: read(), camera: undefined }],
    timeZone: 'Asia/Kathmandu',
    report: {
      appVersion: 'test',
      case: {
        number: 'AN/1',
        title: 'Test case',
        offence: 'theft',
        legalBasis: 'art. 1',
        purpose: 'investigation',
      },
      officer: { displayName: 'D. Tective', username: 'dtective', id: 'o-1', role: 'detective' },
      recipient: { kind: 'prosecutor', name: 'Public prosecutor', reference: 'PR/1' },
      offenceType: reportOffence(POLICY_PACKS.be, 'be-property'),
      reasonCode: 'suspect-vehicle',
      justification: 'The suspect vehicle was seen near the scene.',
      selection: { plates: ['1ABC123'], from: null, to: null },
      run: null,
      approvals: [],
      map: null,
    },
    manifestInfo: {},
  };
  return { ...base, ...over, report: { ...base.report, ...over.report } };
}

describe('evidence export in the officer’s zone', () => {
  it('names the zone and gives its local times in every file, UTC kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-export-'));
    const written = await writeExport(exportInput(dir));
    const file = (name: string) => readFileSync(join(written.directory, name));
    const manifest = JSON.parse(file('manifest.json').toString('utf8')) as { timeZone: string };
    expect(manifest.timeZone).toBe('Asia/Kathmandu');

    const csv = file('reads.csv').toString('utf8');
    expect(csv).toContain('Date (Asia/Kathmandu),Time (Asia/Kathmandu),Date-Time (UTC)');
    // 06:15 UTC is 12:00 in Kathmandu (+05:45).
    expect(csv).toContain(',2026-07-01,12:00:00,2026-07-01T06:15:00.000Z,');
    expect(file('reads.geojson').toString('utf8')).toContain('"2026-07-01T12:00:00+05:45"');
    expect(file('reads.kml').toString('utf8')).toContain('(Asia/Kathmandu, UTC+05:45)');

    const text = await pdfText(file('report.pdf'));
    // Generated at 10:00 UTC = 15:45 in Kathmandu.
    expect(text).toContain('2026-07-02 15:45:00 (Asia/Kathmandu) = 2026-07-02T10:00:00Z UTC');
    expect(text).toContain('Local time (Kathmandu)');
    expect(text).toContain('2026-07-01 12:00:00');
    expect(text).not.toContain('Brussels');
  });

  it('prints every plate and place as the data has it, not only Western European letters', async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-export-'));
    const foreign = read({ plate: 'ЕВ1234АК', plateRaw: 'ЕВ 1234 АК', country: 'BG' });
    const camera = {
      id: 'CAM-1',
      site: 'Łódź – ul. Piotrkowska',
      lat: 51.76,
      lon: 19.46,
      road: null,
      direction: 'N',
      heading: 0,
      lanes: 1,
      operator: 'federal' as const,
      unitType: 'fixed' as const,
      connectedSince: '2024-01-01T00:00:00.000Z',
      outages: [],
    };
    const written = await writeExport(
      exportInput(dir, {
        exportId: '22222222-2222-4222-8222-222222222222',
        formats: ['pdf'],
        rows: [{ read: foreign, camera }],
        timeZone: 'Europe/Brussels',
        report: {
          case: {
            number: 'AN/2',
            title: 'Grenzüberschreitend: Αθήνα',
            offence: 'theft',
            legalBasis: 'art. 1',
            purpose: 'investigation',
          },
          officer: { displayName: 'Søren Ærø', username: 'sae', id: 'o-2', role: 'detective' },
          justification: 'Vehicle registered in Bulgaria, seen in Poland.',
          selection: { plates: ['ЕВ1234АК'], from: null, to: null },
        },
      }),
    );
    const text = await pdfText(readFileSync(join(written.directory, 'report.pdf')));
    expect(text).toContain('ЕВ1234АК');
    expect(text).toContain('Łódź');
    expect(text).toContain('Αθήνα');
    expect(text).toContain('Søren Ærø');
    expect(text).not.toContain('?');
  });

  it('writes files that read back as the reads that went in, each hash in the manifest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-export-'));
    // West of Greenwich and south of the equator; a Cyrillic plate; a plate and a
    // direction a spreadsheet would run as formulas, one with a control character.
    const rows = [
      read({ plate: 'ЕВ1234АК', lat: 47.624562, lon: -122.300934 }),
      read({
        id: '00000000-0000-4000-8000-000000000002',
        plate: 'ЕВ1234АК',
        capturedAt: '2026-07-01T09:00:00.000Z',
        lat: -34.603722,
        lon: -58.381592,
      }),
      read({
        id: '00000000-0000-4000-8000-000000000003',
        plate: '=1+1\u0001',
        direction: '-west <&>',
        lat: -33.852306,
        lon: 151.210787,
      }),
    ].map((r) => ({ read: r, camera: undefined }));
    const written = await writeExport(
      exportInput(dir, {
        exportId: '33333333-3333-4333-8333-333333333333',
        rows,
        report: { selection: { plates: ['ЕВ1234АК', '=1+1\u0001'], from: null, to: null } },
      }),
    );
    const file = (name: string) => readFileSync(join(written.directory, name));
    expectExportMatches(
      {
        csv: file('reads.csv').toString('utf8'),
        geojson: file('reads.geojson').toString('utf8'),
        kml: file('reads.kml').toString('utf8'),
      },
      expectedOf(rows),
    );
    const manifest = JSON.parse(file('manifest.json').toString('utf8')) as {
      reads: number;
      files: Array<{ name: string; sha256: string; bytes: number }>;
    };
    expect(manifest.reads).toBe(3);
    expect(manifest.files.map((f) => f.name).sort()).toEqual(
      ['reads.csv', 'reads.geojson', 'reads.kml', 'report.pdf'].sort(),
    );
    for (const f of manifest.files) {
      expect(sha256(file(f.name))).toBe(f.sha256);
      expect(file(f.name).length).toBe(f.bytes);
    }
    // The report prints the plates; the control character, which a PDF cannot carry, is dropped.
    const text = await pdfText(file('report.pdf'));
    expect(text).toContain('ЕВ1234АК');
    expect(text).toContain('=1+1');
  });

  it('names the offence type of the disclosure and of the analysis it documents: label in the report, id in the manifest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-export-'));
    const be = POLICY_PACKS.be;
    const runOffence = be.offences.types.find((o) => o.id !== 'be-property')!;
    const written = await writeExport(
      exportInput(dir, {
        exportId: '44444444-4444-4444-8444-444444444444',
        formats: ['pdf'],
        report: {
          run: {
            id: 'run-1',
            kind: 'plateSearch',
            params: { plate: '1ABC123' },
            offenceType: reportOffence(be, runOffence.id),
            reasonCode: 'suspect-vehicle',
            justification: 'The suspect vehicle was seen near the scene.',
            officer: 'dtective',
            createdAt: '2026-07-02T09:00:00.000Z',
            summary: {},
          },
        },
      }),
    );
    const file = (name: string) => readFileSync(join(written.directory, name));
    // The recipient reads the pack's own words, in the report's language (English), not a code.
    const text = (await pdfText(file('report.pdf'))).replace(/\s+/g, ' ');
    expect(text).toContain(
      `Offence type ${be.offences.types.find((o) => o.id === 'be-property')!.label.en} (be-property;`,
    );
    expect(text).toContain(`Run offence type ${runOffence.label.en} (${runOffence.id};`);
    // The manifest carries the ids the audit trail recorded, for tools to match.
    const manifest = JSON.parse(file('manifest.json').toString('utf8')) as Record<string, unknown>;
    expect(manifest.offenceType).toBe('be-property');
    expect(manifest.runOffenceType).toBe(runOffence.id);
  });

  it('says when a documented run was saved before offence types existed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-export-'));
    const written = await writeExport(
      exportInput(dir, {
        formats: ['pdf'],
        report: {
          run: {
            id: 'run-0',
            kind: 'plateSearch',
            params: {},
            offenceType: null,
            reasonCode: 'suspect-vehicle',
            justification: 'The suspect vehicle was seen near the scene.',
            officer: 'dtective',
            createdAt: '2026-07-02T09:00:00.000Z',
            summary: {},
          },
        },
      }),
    );
    const text = (await pdfText(readFileSync(join(written.directory, 'report.pdf')))).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain(
      'Run offence type not recorded (run saved before offence types existed)',
    );
    const manifest = JSON.parse(
      readFileSync(join(written.directory, 'manifest.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest.offenceType).toBe('be-property');
    expect(manifest.runOffenceType).toBeNull();
  });
});

/**
 * Writes one evidence export to `<exportsRoot>/<UTC time>-<case>/`: the data
 * files asked for, the PDF report (which lists the other files' SHA-256) and
 * manifest.json with the SHA-256 of every file, the report included.
 *
 * Exports are plaintext by nature (they leave for another authority), so they
 * live outside the encrypted case stores' folder, in a folder only the
 * officer's account may read, and files are never overwritten.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat } from '../../../common/api/detective-contract.ts';
import { toCsv, toGeoJson, toKml, type ExportRead } from './formats.ts';
import { renderReport, type ReportInput } from './pdf.ts';

export interface ExportFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface WriteExportInput {
  exportsRoot: string;
  caseId: string;
  exportId: string;
  now: Date;
  formats: readonly ExportFormat[];
  rows: readonly ExportRead[];
  /** The officer's display zone (IANA): local times in every file are in it, UTC alongside. */
  timeZone: string;
  /** Everything the report says besides the reads, the zone and the file hashes. */
  report: Omit<ReportInput, 'reads' | 'files' | 'exportId' | 'generatedAt' | 'timeZone'>;
  /** Extra facts for manifest.json (recipient, officer...). */
  manifestInfo: Record<string, unknown>;
}

export interface WrittenExport {
  directory: string;
  files: ExportFile[];
  manifest: string;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** `20261122T180355Z`: sortable, and valid in a file name on every system. */
export function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export async function writeExport(input: WriteExportInput): Promise<WrittenExport> {
  await mkdir(input.exportsRoot, { recursive: true, mode: 0o700 });
  const safeCase = input.caseId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  let directory = join(input.exportsRoot, `${stamp(input.now)}-${safeCase}`);
  try {
    await mkdir(directory, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Two exports in the same second: never mix their files.
    directory = `${directory}-${input.exportId.slice(0, 8)}`;
    await mkdir(directory, { mode: 0o700 });
  }

  try {
    return await writeFiles(input, directory);
  } catch (error) {
    // Half an export is worse than none: the recipient could not tell what is missing.
    await rm(directory, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

async function writeFiles(input: WriteExportInput, directory: string): Promise<WrittenExport> {
  const files: ExportFile[] = [];
  const put = async (name: string, data: Buffer | string) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await writeFile(join(directory, name), bytes, { mode: 0o600, flag: 'wx' });
    files.push({ name, bytes: bytes.length, sha256: sha256(bytes) });
  };

  const caseNumber = input.report.case.number;
  const zone = input.timeZone;
  if (input.formats.includes('csv')) await put('reads.csv', toCsv(input.rows, caseNumber, zone));
  if (input.formats.includes('geojson'))
    await put('reads.geojson', toGeoJson(input.rows, caseNumber, zone));
  if (input.formats.includes('kml')) await put('reads.kml', toKml(input.rows, caseNumber, zone));
  if (input.formats.includes('pdf')) {
    if (input.report.map)
      await put(
        input.report.map.mime === 'image/png' ? 'map.png' : 'map.jpg',
        input.report.map.data,
      );
    const pdf = await renderReport({
      ...input.report,
      exportId: input.exportId,
      generatedAt: input.now,
      timeZone: zone,
      reads: input.rows,
      files: [...files],
    });
    await put('report.pdf', pdf);
  }

  const manifest = {
    exportId: input.exportId,
    caseId: input.caseId,
    caseNumber,
    createdAt: input.now.toISOString(),
    timeZone: zone,
    algorithm: 'SHA-256',
    ...input.manifestInfo,
    // Ids, as the audit trail records them; the report prints their labels.
    offenceType: input.report.offenceType.id,
    runOffenceType: input.report.run ? (input.report.run.offenceType?.id ?? null) : undefined,
    reads: input.rows.length,
    files,
  };
  const manifestPath = join(directory, 'manifest.json');
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  return { directory, files, manifest: manifestPath };
}

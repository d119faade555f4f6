import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { csvCell } from '../../common/csv.ts';
import type { Read } from '../../common/read.ts';
import type { PlatformStore } from '../data/store.ts';
import { parseCsv } from './csv.ts';
import { compileMapping, type Mapped, type Mapping, type SourceRow } from './mapping.ts';
import { parseNdjson } from './ndjson.ts';

/**
 * File import: a CSV or NDJSON export streamed through a mapping into the
 * store's validated ingest (the same validation, hotlist matching and
 * retention as the ingest API), in batches, so a file larger than memory
 * goes through with bounded memory.
 *
 * Every row ends up counted exactly once: accepted, duplicate (already
 * stored: re-running the same import adds nothing, see ids.ts) or rejected.
 * Each rejected row is written to the report file with its line number and
 * a reason naming the field and rule, never the row's content (the report
 * is a plaintext file; plates stay in the export and the encrypted store).
 */

export interface ImportOptions {
  file: string;
  mapping: Mapping;
  /** Source system name, stamped on every read. */
  source: string;
  /** Zone for times without an offset (overrides the mapping's). */
  tz?: string | null;
  /** CSV delimiter (overrides the mapping's and detection). */
  delimiter?: string | null;
  /** Unit id for rows whose unit the export does not name. */
  unit?: string | null;
  /** Where rejected rows are listed; default `<file>.import-report.csv`. */
  reportFile?: string;
  /** Rows per store call (one transaction); default 50,000 (about 2 s of write lock on a 2-core machine). */
  batchSize?: number;
  clock: () => Date;
  onProgress?: (summary: Readonly<ImportSummary>) => void;
}

export interface ImportSummary {
  file: string;
  format: 'csv' | 'ndjson';
  delimiter: string | null;
  /** SHA-256 of the file as read (for the audit trail: which export was loaded). */
  sha256: string;
  /** Data rows (CSV: without the header; blank lines are not rows). */
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rejected because their retention deadline had passed (part of `rejected`). */
  expired: number;
  hits: number;
  /** Rows whose local time occurred twice (autumn clock change): the earlier instant was taken. */
  ambiguousTimes: number;
  reportFile: string;
  /** First rejections, for the console. */
  firstRejections: Array<{ line: number; reason: string }>;
  seconds: number;
}

export type ImportStore = Pick<PlatformStore, 'ingest' | 'listCameras'>;

interface ReportLine {
  line: number;
  status: 'rejected' | 'warning';
  reason: string;
}

export function formatOf(file: string, mapping: Mapping): 'csv' | 'ndjson' {
  if (mapping.format) return mapping.format;
  const ext = extname(file).toLowerCase();
  return ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
}

async function* textChunks(file: string, hash: Hash): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const buf of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(buf);
    const text = decoder.write(buf);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export async function importFile(
  store: ImportStore,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const format = formatOf(options.file, options.mapping);
  const reportFile = options.reportFile ?? `${options.file}.import-report.csv`;
  const batchSize = options.batchSize ?? 50_000;
  const hash = createHash('sha256');
  const summary: ImportSummary = {
    file: basename(options.file),
    format,
    delimiter: null,
    sha256: '',
    rows: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    expired: 0,
    hits: 0,
    ambiguousTimes: 0,
    reportFile,
    firstRejections: [],
    seconds: 0,
  };
  const cameras = new Map((await store.listCameras()).map((c) => [c.id, c]));
  const base = {
    source: options.source,
    tz: options.tz ?? null,
    unit: options.unit ?? null,
    cameras,
    format,
  };

  const report = openSync(reportFile, 'w', 0o600);
  writeSync(report, 'line,status,reason\n');
  let pendingReads: Read[] = [];
  let pendingLines: number[] = [];
  let pendingReport: ReportLine[] = [];

  const reject = (line: number, reason: string) => {
    summary.rejected++;
    if (reason.startsWith('expired:')) summary.expired++;
    if (summary.firstRejections.length < 10) summary.firstRejections.push({ line, reason });
    pendingReport.push({ line, status: 'rejected', reason });
  };
  const take = (line: number, mapped: Mapped) => {
    summary.rows++;
    if ('reason' in mapped) return reject(line, mapped.reason);
    if (mapped.ambiguousTime) {
      summary.ambiguousTimes++;
      pendingReport.push({
        line,
        status: 'warning',
        reason:
          'capturedAt: local time occurred twice (clock change); the earlier instant was taken',
      });
    }
    pendingReads.push(mapped.read);
    pendingLines.push(line);
  };
  const flush = async () => {
    if (pendingReads.length > 0) {
      const result = await store.ingest(pendingReads, { now: options.clock() });
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      summary.hits += result.hits;
      for (const r of result.results)
        if (r.status === 'rejected') reject(pendingLines[r.index]!, r.reason ?? 'rejected');
    }
    pendingReport.sort((a, b) => a.line - b.line);
    if (pendingReport.length > 0)
      writeSync(
        report,
        pendingReport.map((r) => `${r.line},${r.status},${csvCell(r.reason)}\n`).join(''),
      );
    pendingReads = [];
    pendingLines = [];
    pendingReport = [];
    options.onProgress?.(summary);
  };

  try {
    const chunks = textChunks(options.file, hash);
    if (format === 'csv') {
      let mapper: ((row: SourceRow) => Mapped) | null = null;
      const delimiter = options.delimiter ?? options.mapping.delimiter;
      for await (const rows of parseCsv(chunks, {
        ...(delimiter ? { delimiter } : {}),
        onDelimiter: (d) => (summary.delimiter = d),
      })) {
        for (const row of rows) {
          if (mapper === null) {
            if (options.mapping.header) {
              if (row.error) throw new Error(`The header row is malformed: ${row.error}.`);
              mapper = compileMapping(options.mapping, { ...base, header: row.fields });
              continue;
            }
            mapper = compileMapping(options.mapping, base);
          }
          if (row.error) take(row.line, { reason: `malformed CSV: ${row.error}` });
          else take(row.line, mapper({ kind: 'csv', fields: row.fields }));
          if (pendingReads.length >= batchSize) await flush();
        }
      }
    } else {
      const mapper = compileMapping(options.mapping, base);
      for await (const lines of parseNdjson(chunks)) {
        for (const l of lines) {
          if (l.error !== undefined) take(l.line, { reason: l.error });
          else if (l.value === null || typeof l.value !== 'object' || Array.isArray(l.value))
            take(l.line, { reason: 'not a JSON object' });
          else take(l.line, mapper({ kind: 'json', value: l.value }));
          if (pendingReads.length >= batchSize) await flush();
        }
      }
    }
    await flush();
  } finally {
    closeSync(report);
  }
  summary.sha256 = hash.digest('hex');
  summary.seconds = (performance.now() - started) / 1000;
  if (summary.accepted + summary.duplicates + summary.rejected !== summary.rows)
    throw new Error('Import accounting mismatch: some rows are neither stored nor reported.');
  return summary;
}

/** The console summary of an import. */
export function describeImport(s: ImportSummary): string[] {
  const n = (x: number) => x.toLocaleString('en');
  const out = [
    `Imported ${s.file} (${s.format}${s.delimiter ? `, delimiter ${JSON.stringify(s.delimiter)}` : ''}) in ${s.seconds.toFixed(1)} s: ` +
      `${n(s.rows)} rows, ${n(s.accepted)} accepted, ${n(s.duplicates)} duplicates (already stored), ` +
      `${n(s.rejected)} rejected${s.expired ? ` (${n(s.expired)} past their retention deadline)` : ''}, ${n(s.hits)} hotlist hits.`,
  ];
  if (s.ambiguousTimes > 0)
    out.push(
      `${n(s.ambiguousTimes)} rows had a local time that occurred twice (clock change); the earlier instant was taken.`,
    );
  if (s.rejected > 0 || s.ambiguousTimes > 0) {
    out.push(`Every rejected row is listed by line in ${s.reportFile}.`);
    for (const r of s.firstRejections) out.push(`  line ${r.line}: ${r.reason}`);
    if (s.rejected > s.firstRejections.length)
      out.push(`  … and ${n(s.rejected - s.firstRejections.length)} more.`);
  }
  return out;
}

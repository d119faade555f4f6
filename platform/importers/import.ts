import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { csvCell } from '../../common/csv.ts';
import { parseDuration, subtractDuration, type PolicyPack } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import type { PlatformStore } from '../data/store.ts';
import { parseCsv } from './csv.ts';
import { inspectInput, textChunks, type Compression } from './input.ts';
import { compileMapping, type Mapped, type Mapping, type SourceRow } from './mapping.ts';
import { parseNdjson } from './ndjson.ts';

/**
 * File import: a CSV or NDJSON export (plain or gzip, told apart by the
 * file's first bytes; see input.ts) streamed through a mapping into the
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
  /** 'gzip' when the file was decompressed as it was read. */
  compression: Compression;
  delimiter: string | null;
  /** SHA-256 of the file as stored, compressed or not (for the audit trail: which export was loaded). */
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
  /** Rejections grouped by reason, most frequent first, with the first lines of each. */
  rejections: RejectionGroup[];
  seconds: number;
}

export interface RejectionGroup {
  reason: string;
  count: number;
  /** The first few line numbers with this reason (all are in the report file). */
  lines: number[];
}

/** Line numbers kept per reason for the console; the report file has every one. */
const LINES_PER_REASON = 5;
/**
 * Distinct reasons kept apart; beyond this they are counted under one
 * group (reasons name a field and a rule, so there are a few dozen at most,
 * but a mapping's custom messages must not grow the summary without bound).
 */
const MAX_REASONS = 50;
const OTHER_REASONS = 'other reasons (see the report file)';

/** Adds one rejection to `groups` (reason → group), bounded by MAX_REASONS. */
export function groupRejection(
  groups: Map<string, RejectionGroup>,
  line: number,
  reason: string,
): void {
  const key = groups.has(reason) || groups.size < MAX_REASONS ? reason : OTHER_REASONS;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { reason: key, count: 0, lines: [] }));
  g.count++;
  if (g.lines.length < LINES_PER_REASON) g.lines.push(line);
}

/** Most frequent first; ties by first line, so the order is stable. */
export function sortedGroups(groups: Map<string, RejectionGroup>): RejectionGroup[] {
  return [...groups.values()].sort((a, b) => b.count - a.count || a.lines[0]! - b.lines[0]!);
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

export async function importFile(
  store: ImportStore,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  // Before anything is written: a zip, a UTF-16 or a binary file is refused here.
  const { compression } = inspectInput(options.file);
  const format = formatOf(options.file.replace(/\.gz$/i, ''), options.mapping);
  const reportFile = options.reportFile ?? `${options.file}.import-report.csv`;
  const batchSize = options.batchSize ?? 50_000;
  const hash = createHash('sha256');
  const summary: ImportSummary = {
    file: basename(options.file),
    format,
    compression,
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
    rejections: [],
    seconds: 0,
  };
  const groups = new Map<string, RejectionGroup>();
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
    groupRejection(groups, line, reason);
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
    summary.rejections = sortedGroups(groups);
    options.onProgress?.(summary);
  };

  try {
    const chunks = textChunks(options.file, compression, hash);
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

/** "12 months", "24 hours", "30 days" for a pack's ISO durations. */
export function durationWords(iso: string): string {
  const d = parseDuration(iso);
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [d.years, 'year'],
    [d.months, 'month'],
    [d.weeks, 'week'],
    [d.days, 'day'],
    [d.hours, 'hour'],
    [d.minutes, 'minute'],
    [d.seconds, 'second'],
  ];
  for (const [v, unit] of units) if (v > 0) parts.push(`${v} ${unit}${v === 1 ? '' : 's'}`);
  return parts.join(' ') || 'no time at all';
}

const EXPIRED_RE = /^expired: retention rule (\S+) /;

/**
 * The sentence for an import where every row, or most, fell outside
 * retention (null otherwise): which pack, which of its rules and their
 * windows, the capture-time cutoff, and what to do. Such a run otherwise
 * reads as a list of "expired" lines, and the likely causes (an old
 * release, the wrong --policy) are not obvious from it.
 */
export function retentionSentence(s: ImportSummary, pack: PolicyPack, now: Date): string | null {
  if (s.expired === 0 || s.expired * 2 <= s.rows) return null;
  const n = (x: number) => x.toLocaleString('en');
  const rules = new Map<string, number>();
  for (const g of s.rejections) {
    const id = EXPIRED_RE.exec(g.reason)?.[1];
    if (id) rules.set(id, (rules.get(id) ?? 0) + g.count);
  }
  const windows = [...rules.keys()].map((id) => {
    const rule = pack.retention.rules.find((r) => r.id === id);
    return rule ? { id, keep: rule.keep, text: `${durationWords(rule.keep)} (rule ${id})` } : null;
  });
  const known = windows.filter((w) => w !== null);
  const how =
    known.length === 1
      ? `keeps these reads for ${known[0]!.text} after capture, so reads captured before ${subtractDuration(now, known[0]!.keep).toISOString().slice(0, 10)} cannot be stored`
      : `keeps these reads for ${known.map((w) => w.text).join(', ') || 'no longer than their rules allow'}`;
  const who =
    s.expired === s.rows
      ? `Every row (${n(s.rows)})`
      : `Most rows (${n(s.expired)} of ${n(s.rows)})`;
  return (
    `${who} fell outside retention: policy pack ${pack.id} (${pack.jurisdiction}) ${how}. ` +
    `Import a more recent export, or check that --policy is the platform's pack.`
  );
}

/** Outcome of an import for the exit code: nothing stored from a file with rows is a failure. */
export function importOutcome(s: ImportSummary): { ok: boolean; sentence: string | null } {
  const n = (x: number) => x.toLocaleString('en');
  if (s.rows === 0)
    return {
      ok: false,
      sentence: `Nothing imported: ${s.file} has no data rows (it is empty, or holds only a header line).`,
    };
  if (s.accepted === 0 && s.duplicates === s.rows)
    return {
      ok: true,
      sentence: `Nothing new: all ${n(s.rows)} rows are already stored (this file was imported before).`,
    };
  if (s.accepted === 0 && s.duplicates === 0)
    return {
      ok: false,
      sentence: `Nothing stored: all ${n(s.rows)} rows were rejected (reasons above).`,
    };
  return { ok: true, sentence: null };
}

/** The console summary of an import. */
export function describeImport(s: ImportSummary, pack: PolicyPack, now: Date): string[] {
  const n = (x: number) => x.toLocaleString('en');
  const out = [
    `Imported ${s.file} (${s.compression ? `${s.compression}, ` : ''}${s.format}${s.delimiter ? `, delimiter ${JSON.stringify(s.delimiter)}` : ''}) in ${s.seconds.toFixed(1)} s: ` +
      `${n(s.rows)} rows, ${n(s.accepted)} accepted, ${n(s.duplicates)} duplicates (already stored), ` +
      `${n(s.rejected)} rejected${s.expired ? ` (${n(s.expired)} past their retention deadline)` : ''}, ${n(s.hits)} hotlist hits.`,
  ];
  if (s.ambiguousTimes > 0)
    out.push(
      `${n(s.ambiguousTimes)} rows had a local time that occurred twice (clock change); the earlier instant was taken.`,
    );
  if (s.rejected > 0) {
    out.push(`Rejected, by reason (every row is listed by line in ${s.reportFile}):`);
    const width = n(s.rejections[0]?.count ?? 0).length;
    for (const g of s.rejections) {
      const more = g.count > g.lines.length ? ', …' : '';
      out.push(
        `  ${n(g.count).padStart(width)}  ${g.reason} (line${g.lines.length === 1 && !more ? '' : 's'} ${g.lines.join(', ')}${more})`,
      );
    }
  } else if (s.ambiguousTimes > 0) out.push(`They are listed by line in ${s.reportFile}.`);
  const retention = retentionSentence(s, pack, now);
  if (retention) out.push(retention);
  const outcome = importOutcome(s);
  if (outcome.sentence) out.push(outcome.sentence);
  return out;
}

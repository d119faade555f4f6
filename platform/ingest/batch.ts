import { z } from 'zod';
import type { Read } from '../../common/read.ts';
import { completeRecord, idOf, type UnitDefaults } from './record.ts';
import type { IngestWriter } from './writer.ts';

/**
 * One NDJSON batch from a unit: split into records, each validated and
 * completed from the unit's registration, the valid ones stored through the
 * writer, and one result per record in the order sent. A record is never
 * lost silently: it is accepted, a duplicate (already stored, by id) or
 * rejected with a reason naming the field and the rule, never its value.
 */

export const RecordStatus = z.enum(['accepted', 'duplicate', 'rejected']);

export const RecordResult = z.object({
  /** 1-based line of the request body (blank lines count, they are just not records). */
  line: z.number().int().min(1),
  id: z.string().optional(),
  status: RecordStatus,
  reason: z.string().optional(),
});
export type RecordResult = z.infer<typeof RecordResult>;

export const IngestResponse = z
  .object({
    unitId: z.string(),
    received: z.number().int().min(0),
    accepted: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    rejected: z.number().int().min(0),
    /** Rejected because their retention deadline had already passed (part of `rejected`). */
    expired: z.number().int().min(0),
    /** Accepted reads that matched a hotlist (or that the unit reported as hits). */
    hits: z.number().int().min(0),
    results: z.array(RecordResult),
  })
  .meta({ id: 'IngestResponse' });
export type IngestResponse = z.infer<typeof IngestResponse>;

export class BatchTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`A batch holds at most ${limit} records; split it.`);
    this.name = 'BatchTooLargeError';
    this.limit = limit;
  }
}

export interface SplitBatch {
  reads: Read[];
  /** Line of each entry of `reads`. */
  lines: number[];
  /** Results known before storing (rejections), by line. */
  early: RecordResult[];
  received: number;
}

/** Parses and completes the records of an NDJSON body; throws BatchTooLargeError past `maxRecords`. */
export function splitNdjson(text: string, unit: UnitDefaults, maxRecords: number): SplitBatch {
  const out: SplitBatch = { reads: [], lines: [], early: [], received: 0 };
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let raw = text.slice(start, end);
    start = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    if (++out.received > maxRecords) throw new BatchTooLargeError(maxRecords);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // JSON.parse's message quotes the input: say where, never what.
      out.early.push({ line, status: 'rejected', reason: 'not a valid JSON object' });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.early.push({ line, status: 'rejected', reason: 'not a valid JSON object' });
      continue;
    }
    const done = completeRecord(value, unit);
    if ('reason' in done) {
      const id = done.id ?? idOf(value);
      out.early.push({ line, ...(id ? { id } : {}), status: 'rejected', reason: done.reason });
      continue;
    }
    out.reads.push(done.read);
    out.lines.push(line);
  }
  return out;
}

/** Stores a split batch and merges the store's answers with the early rejections, in line order. */
export async function storeBatch(
  batch: SplitBatch,
  unitId: string,
  writer: IngestWriter,
): Promise<IngestResponse> {
  const report = await writer.submit(batch.reads);
  const results: RecordResult[] = batch.early.slice();
  let expired = 0;
  for (const r of report.results) {
    const line = batch.lines[r.index]!;
    results.push({
      line,
      ...(r.id ? { id: r.id } : {}),
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
    });
    if (r.status === 'rejected' && r.reason?.startsWith('expired:')) expired++;
  }
  results.sort((a, b) => a.line - b.line);
  return {
    unitId,
    received: batch.received,
    accepted: report.accepted,
    duplicates: report.duplicates,
    rejected: batch.early.length + report.rejected,
    expired,
    hits: report.hits,
    results,
  };
}

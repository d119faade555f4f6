import type { Read } from '../../common/read.ts';
import type { IngestRecordResult, IngestReport } from '../data/ingest.ts';

/**
 * The one queue between the ingest routes and the store.
 *
 * Group commit: batches that arrive while the store is writing are merged
 * into one store call (one transaction) of up to `maxGroupReads`, so the
 * index pages a group touches (read id and plate key are random within the
 * current week's part of their indexes, see data/schema.ts) are written
 * once for many reads.
 *
 * Back-pressure: the queue is bounded. A batch that would overflow it, or
 * one the store could not take because the database was locked (e.g. a
 * file import in another process), fails with `IngestBusyError` and nothing
 * of it is stored: the route answers 503 with Retry-After and the unit
 * resends the same batch (ids make that idempotent). Nothing is dropped.
 */

export interface IngestSink {
  ingest(reads: readonly unknown[], ctx: { now: Date }): Promise<IngestReport>;
}

export interface WriterOptions {
  clock: () => Date;
  /** Reads per store call (one transaction); default 40,000. */
  maxGroupReads?: number;
  /** Reads waiting (not yet written) before new batches are refused; default 80,000. */
  maxQueuedReads?: number;
}

export class IngestBusyError extends Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'IngestBusyError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface Pending {
  reads: readonly Read[];
  resolve(report: IngestReport): void;
  reject(error: unknown): void;
}

/** SQLite's "someone else holds the lock" family; anything else is a real failure. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

export class IngestWriter {
  readonly #sink: IngestSink;
  readonly #clock: () => Date;
  readonly #maxGroup: number;
  readonly #maxQueued: number;
  #queue: Pending[] = [];
  #queuedReads = 0;
  #scheduled = false;
  #writing = false;
  /** Reads per second of recent groups, for an honest Retry-After. */
  #rate = 10_000;
  #idle: Array<() => void> = [];

  constructor(sink: IngestSink, options: WriterOptions) {
    this.#sink = sink;
    this.#clock = options.clock;
    this.#maxGroup = options.maxGroupReads ?? 40_000;
    this.#maxQueued = options.maxQueuedReads ?? 80_000;
  }

  get queuedReads(): number {
    return this.#queuedReads;
  }

  /** Seconds a refused sender should wait: the queue's drain time at the recent rate. */
  retryAfterSeconds(): number {
    return Math.min(30, Math.max(1, Math.ceil(this.#queuedReads / this.#rate)));
  }

  /** Queues already-completed reads; resolves with their per-record results (index within `reads`). */
  submit(reads: readonly Read[]): Promise<IngestReport> {
    if (reads.length === 0) return Promise.resolve(emptyReport());
    if (this.#queuedReads > 0 && this.#queuedReads + reads.length > this.#maxQueued) {
      return Promise.reject(
        new IngestBusyError(
          'The platform is busy storing reads; resend this batch later.',
          this.retryAfterSeconds(),
        ),
      );
    }
    return new Promise<IngestReport>((resolve, reject) => {
      this.#queue.push({ reads, resolve, reject });
      this.#queuedReads += reads.length;
      this.#schedule();
    });
  }

  /** Resolves when everything queued so far is written (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.#writing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: batches whose bodies arrive in the same
    // turn of the event loop join this group.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        const group: Pending[] = [];
        let size = 0;
        while (this.#queue.length > 0) {
          const next = this.#queue[0]!;
          if (group.length > 0 && size + next.reads.length > this.#maxGroup) break;
          group.push(this.#queue.shift()!);
          size += next.reads.length;
        }
        // Reads handed to the store no longer wait: they leave the queue's count now.
        this.#queuedReads -= size;
        await this.#write(group, size);
        // Let the sockets and other requests run between two groups.
        if (this.#queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.#writing = false;
      for (const done of this.#idle.splice(0)) done();
    }
  }

  async #write(group: Pending[], size: number): Promise<void> {
    const all: Read[] = [];
    for (const p of group) for (const r of p.reads) all.push(r);
    const started = performance.now();
    let report: IngestReport;
    try {
      report = await this.#sink.ingest(all, { now: this.#clock() });
    } catch (error) {
      const busy = isBusyError(error)
        ? new IngestBusyError(
            'The read store is locked by another writer; resend this batch later.',
            2,
          )
        : error;
      for (const p of group) p.reject(busy);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    if (seconds > 0 && size >= 1000) this.#rate = Math.max(1000, size / seconds);
    let offset = 0;
    for (const p of group) {
      p.resolve(slice(report.results, offset, p.reads.length));
      offset += p.reads.length;
    }
  }
}

function emptyReport(): IngestReport {
  return { results: [], accepted: 0, duplicates: 0, rejected: 0, expired: 0, hits: 0 };
}

/** One submission's part of a group's report, its indexes relative to the submission. */
function slice(results: IngestRecordResult[], offset: number, length: number): IngestReport {
  const out = emptyReport();
  for (let i = offset; i < offset + length; i++) {
    const r = results[i]!;
    const own: IngestRecordResult = { ...r, index: r.index - offset };
    out.results.push(own);
    if (r.status === 'accepted') {
      out.accepted++;
      if (r.hit) out.hits++;
    } else if (r.status === 'duplicate') out.duplicates++;
    else {
      out.rejected++;
      if (r.reason?.startsWith('expired:')) out.expired++;
    }
  }
  return out;
}

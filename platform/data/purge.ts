import { setImmediate as nextTick } from 'node:timers/promises';
import { retentionHorizon, type PolicyPack } from '../../common/policy.ts';
import type { Db } from '../store/sqlite.ts';
import { chunks, placeholders, stmt, toIso } from './sql.ts';

/**
 * Erasure of reads whose retention deadline has passed.
 *
 * The deadline was computed at ingest from the policy pack (and extended by
 * any postponement), so the purge is an indexed range delete on
 * `retention_until`. The policy's convention holds: a read whose deadline
 * is exactly `now` is still kept, one millisecond later it goes. With a pack
 * given, reads captured before the pack's retention horizon go too (unless
 * postponed): a safety net for reads stored under an older, longer pack.
 *
 * Chunked (one short transaction per chunk, yielding to the event loop in
 * between) so the platform keeps answering during a large purge. The
 * database runs with secure_delete, and the WAL is checkpointed and
 * truncated afterwards, so erased reads do not linger in free pages or old
 * WAL frames.
 */

export interface PurgeReport {
  at: string;
  deleted: number;
  /** Deleted reads per retention rule id (plus `retention-horizon`): for the erasure audit entry. */
  byReason: Record<string, number>;
  /** Capture-time range of what was erased (a range, never the data). */
  capturedRange: { from: string; to: string } | null;
  /** Transactions that erased something. */
  chunks: number;
  durationMs: number;
  checkpoint: { busy: number; log: number; checkpointed: number } | null;
}

export interface PurgeOptions {
  pack?: PolicyPack;
  chunkSize?: number;
}

export async function purgeExpired(
  db: Db,
  now: Date,
  options: PurgeOptions = {},
): Promise<PurgeReport> {
  const started = performance.now();
  const nowMs = now.getTime();
  const chunkSize = options.chunkSize ?? 5_000;
  const report: PurgeReport = {
    at: now.toISOString(),
    deleted: 0,
    byReason: {},
    capturedRange: null,
    chunks: 0,
    durationMs: 0,
    checkpoint: null,
  };
  let minCaptured = Infinity;
  let maxCaptured = -Infinity;

  const deleteChunk = (
    selectSql: string,
    params: unknown[],
    reasonOf: (r: { retention_rule: string }) => string,
  ): number =>
    db.transaction(() => {
      const rows = stmt(db, selectSql).all(...params, chunkSize) as Array<{
        rid: number;
        retention_rule: string;
        captured_at: number;
      }>;
      for (const r of rows) {
        const reason = reasonOf(r);
        report.byReason[reason] = (report.byReason[reason] ?? 0) + 1;
        if (r.captured_at < minCaptured) minCaptured = r.captured_at;
        if (r.captured_at > maxCaptured) maxCaptured = r.captured_at;
      }
      for (const part of chunks(
        rows.map((r) => r.rid),
        500,
      )) {
        stmt(db, `DELETE FROM reads WHERE rid IN (${placeholders(part.length)})`).run(...part);
      }
      report.deleted += rows.length;
      if (rows.length > 0) report.chunks++;
      return rows.length;
    })();

  const byDeadline =
    'SELECT rid, retention_rule, captured_at FROM reads WHERE retention_until < ? ORDER BY retention_until LIMIT ?';
  while (deleteChunk(byDeadline, [nowMs], (r) => r.retention_rule) === chunkSize) await nextTick();

  if (options.pack) {
    const horizon = retentionHorizon(options.pack, now).getTime();
    const beyondHorizon = `SELECT rid, retention_rule, captured_at FROM reads
      WHERE captured_at < ? AND (postponed_until IS NULL OR postponed_until < ?) ORDER BY captured_at LIMIT ?`;
    while (deleteChunk(beyondHorizon, [horizon, nowMs], () => 'retention-horizon') === chunkSize)
      await nextTick();
  }

  if (report.deleted > 0) {
    const cp = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    report.checkpoint = cp[0] ?? null;
    report.capturedRange = { from: toIso(minCaptured), to: toIso(maxCaptured) };
  }
  report.durationMs = performance.now() - started;
  return report;
}

export interface PurgeSchedule {
  stop(): void;
  /** Runs a purge now (skipped, returning null, while another is still running). */
  runNow(): Promise<PurgeReport | null>;
}

/**
 * Runs `store.purgeExpired(clock())` every `intervalMs`. The timer is
 * unref'd (never keeps the process alive) and runs never overlap. Reports
 * go to `onReport` (the route layer writes the erasure audit entry there).
 */
export function startPurgeSchedule(
  store: { purgeExpired(now: Date): Promise<PurgeReport> },
  clock: () => Date,
  intervalMs: number,
  hooks: { onReport?: (r: PurgeReport) => void; onError?: (e: unknown) => void } = {},
): PurgeSchedule {
  let running: Promise<PurgeReport | null> | null = null;
  const run = (): Promise<PurgeReport | null> => {
    if (running) return Promise.resolve(null);
    running = store
      .purgeExpired(clock())
      .then((r) => {
        hooks.onReport?.(r);
        return r;
      })
      .catch((e: unknown) => {
        hooks.onError?.(e);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    runNow: run,
  };
}

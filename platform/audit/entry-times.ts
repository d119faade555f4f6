import { SYSTEM_ACTOR } from '../../common/audit.ts';
import type { Db } from '../store/sqlite.ts';
import type { AuditAppendInput } from './log.ts';

/**
 * Whether a workstation's audit entry carries a believable time (#15 item 3).
 *
 * A workstation stamps its entries with its trusted time (the platform's
 * signed time plus a monotonic offset), so its times only move forward and
 * reach the platform within an offline shift. An entry that breaks this was
 * stamped by a changed clock, or held back: a time going backwards in the
 * device's chain, a time ahead of its own receipt, or a time older at receipt
 * than the longest offline shift. Such entries are stored all the same (the
 * chain is evidence, and refusing one entry would block every later one of
 * that device for good) and flagged for supervisors, who see them through
 * the oversight summary.
 */

/**
 * The longest a workstation may work without the platform: the offline grant
 * of the policy packs lasts at most this long (12 hours in both packs), so an
 * honest entry reaches the platform within it once the workstation is back
 * online.
 */
export const OFFLINE_GRANT_MAX_MS = 12 * 3_600_000;

/** Differences the workstation itself tolerates (its default ANPR_MAX_CLOCK_SKEW_SECONDS) are not evidence. */
export const ENTRY_TIME_TOLERANCE_MS = 120_000;

export type EntryTimeProblem = 'backwards' | 'ahead-of-receipt' | 'older-than-offline-grant';

export interface EntryTimeLimits {
  offlineGrantMs: number;
  toleranceMs: number;
}

export const ENTRY_TIME_LIMITS: EntryTimeLimits = {
  offlineGrantMs: OFFLINE_GRANT_MAX_MS,
  toleranceMs: ENTRY_TIME_TOLERANCE_MS,
};

/** Pure: what is wrong with an entry's time, with by how much (ms), or null. */
export function entryTimeProblem(
  atMs: number,
  previousAtMs: number | null,
  receivedMs: number,
  limits: EntryTimeLimits = ENTRY_TIME_LIMITS,
): { problem: EntryTimeProblem; byMs: number } | null {
  if (previousAtMs !== null && atMs < previousAtMs - limits.toleranceMs)
    return { problem: 'backwards', byMs: previousAtMs - atMs };
  if (atMs > receivedMs + limits.toleranceMs)
    return { problem: 'ahead-of-receipt', byMs: atMs - receivedMs };
  if (atMs < receivedMs - limits.offlineGrantMs - limits.toleranceMs)
    return { problem: 'older-than-offline-grant', byMs: receivedMs - atMs };
  return null;
}

export interface EntryTimeFinding {
  deviceId: string;
  seq: number;
  officerId: string;
  username: string;
  /** The time the entry claims. */
  at: string;
  receivedAt: string;
  problem: EntryTimeProblem;
  byMs: number;
}

/** Pure: the findings of one upload (entries in seq order, after the stored one at `previousAtMs`). */
export function uploadFindings(
  entries: ReadonlyArray<{ seq: number; at: string }>,
  previousAtMs: number | null,
  receivedMs: number,
  limits: EntryTimeLimits = ENTRY_TIME_LIMITS,
): Array<{ seq: number; problem: EntryTimeProblem; byMs: number }> {
  const out: Array<{ seq: number; problem: EntryTimeProblem; byMs: number }> = [];
  let previous = previousAtMs;
  for (const e of entries) {
    const at = Date.parse(e.at);
    const found = entryTimeProblem(at, previous, receivedMs, limits);
    if (found) out.push({ seq: e.seq, ...found });
    // A back-dated entry does not excuse the next one: compare with the latest time seen.
    previous = previous === null ? at : Math.max(previous, at);
  }
  return out;
}

/** The stored time of the newest entry of a device before `seq` (epoch ms), or null. */
export function previousEntryAt(db: Db, deviceId: string, seq: number): number | null {
  const row = db
    .prepare<[string, number], { at_ms: number }>(
      'SELECT max(at_ms) AS at_ms FROM audit_device_entries WHERE device_id = ? AND seq < ?',
    )
    .get(deviceId, seq);
  return row?.at_ms ?? null;
}

/**
 * Every workstation entry received in [from, to] whose time is not
 * believable, oldest receipt first. Read from the stored entries (their
 * verbatim body and receipt time), so the finding can always be checked
 * against the evidence.
 */
export function entryTimeFindings(
  db: Db,
  range: { from: Date; to: Date; officerId?: string },
  limits: EntryTimeLimits = ENTRY_TIME_LIMITS,
): EntryTimeFinding[] {
  const rows = db
    .prepare<
      unknown[],
      {
        device_id: string;
        seq: number;
        at_ms: number;
        at: string;
        received_at: string;
        officer_id: string;
        username: string;
        previous_at_ms: number | null;
      }
    >(
      // The running maximum per device, computed once over the devices that uploaded in the period.
      `WITH chains AS (
         SELECT device_id, seq, at_ms, received_at, officer_id, body,
                max(at_ms) OVER (PARTITION BY device_id ORDER BY seq
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_at_ms
           FROM audit_device_entries
          WHERE device_id IN (SELECT DISTINCT device_id FROM audit_device_entries
                               WHERE received_at >= ? AND received_at <= ?))
       SELECT device_id, seq, at_ms, json_extract(body, '$.at') AS at, received_at, officer_id,
              json_extract(body, '$.actor.username') AS username, previous_at_ms
         FROM chains
        WHERE received_at >= ? AND received_at <= ?
          AND officer_id <> 'system'${range.officerId ? ' AND officer_id = ?' : ''}
        ORDER BY received_at, device_id, seq`,
    )
    .all(
      range.from.toISOString(),
      range.to.toISOString(),
      range.from.toISOString(),
      range.to.toISOString(),
      ...(range.officerId ? [range.officerId] : []),
    );
  const out: EntryTimeFinding[] = [];
  for (const r of rows) {
    const found = entryTimeProblem(r.at_ms, r.previous_at_ms, Date.parse(r.received_at), limits);
    if (!found) continue;
    out.push({
      deviceId: r.device_id,
      seq: r.seq,
      officerId: r.officer_id,
      username: r.username,
      at: r.at,
      receivedAt: r.received_at,
      ...found,
    });
  }
  return out;
}

/**
 * The platform chain's record of one upload's unbelievable times: counts,
 * the range and the largest difference (the entries themselves are in the
 * device's chain). Written by the platform, so it carries the receipt time.
 */
export function entryTimesAnnouncement(
  base: { deviceId: string; officerId: string },
  findings: ReadonlyArray<{ seq: number; problem: EntryTimeProblem; byMs: number }>,
): AuditAppendInput {
  const count = (p: EntryTimeProblem) => findings.filter((f) => f.problem === p).length;
  return {
    actor: SYSTEM_ACTOR,
    operation: 'collection',
    action: 'audit.device-entry-times',
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification: null,
    parameters: {
      ...base,
      fromSeq: Math.min(...findings.map((f) => f.seq)),
      toSeq: Math.max(...findings.map((f) => f.seq)),
      backwards: count('backwards'),
      aheadOfReceipt: count('ahead-of-receipt'),
      olderThanOfflineGrant: count('older-than-offline-grant'),
      largestDifferenceSeconds: Math.round(Math.max(...findings.map((f) => f.byMs)) / 1000),
    },
    resultCount: findings.length,
    outcome: 'error',
    outcomeReason: 'entry-times-not-believable',
    recipient: null,
  };
}

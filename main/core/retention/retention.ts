/**
 * Local retention: when each stored read must leave this workstation, the
 * purge that enforces it on every local case store, and crypto-shredding of a
 * whole case. Every erasure is written to the audit chain with counts only,
 * never with the erased data.
 *
 * Deadline rule (`retentionFor`), applied when the pull code stores a read:
 *   deadline = the policy pack's retention deadline for the read
 *              (common/policy.ts, forwards from capture time);
 *   if the read was delivered under an extended-access approval:
 *   deadline = the earlier of that and the approval's expiry.
 * Why the approval's expiry: past it the officer may no longer consult the
 * read (consultationDecision refuses an expired approval), so a local copy
 * would only be data kept without a purpose. The pack deadline still applies
 * when it comes first: an approval can never make a read outlive the law.
 * A read whose targeted-operation status is unknown is treated as outside a
 * targeted operation, which in the packs is never the longer deadline.
 */
import { SYSTEM_ACTOR, type AuditActor } from '../../../common/audit.ts';
import { retentionDeadline, type PolicyPack } from '../../../common/policy.ts';
import type { UnitType } from '../../../common/read.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { CaseStores, ErasureRecord } from '../store/case-stores.ts';

export interface RetentionRead {
  capturedAt: string | Date;
  hit: boolean;
  hitCategory: number | null;
  unitType: UnitType;
  /** Danish no-hit reads collected in a targeted operation; unknown = false. */
  targetedOperation?: boolean;
}

export interface ApprovalExpiry {
  expiresAt: string | Date;
}

type AuditRecorder = Pick<AuditLog, 'record'>;

const toDate = (v: string | Date): Date => {
  const d = v instanceof Date ? new Date(v.getTime()) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new RangeError('retentionFor: invalid timestamp');
  return d;
};

/** The ISO time (UTC) at which a stored read must be gone; see the rule above. */
export function retentionFor(
  pack: PolicyPack,
  read: RetentionRead,
  approval?: ApprovalExpiry | null,
): string {
  const deadline = retentionDeadline(pack, {
    capturedAt: toDate(read.capturedAt),
    hit: read.hit,
    hitCategory: read.hitCategory,
    unitType: read.unitType,
    targetedOperation: read.targetedOperation ?? false,
  });
  if (approval) {
    const expires = toDate(approval.expiresAt);
    if (expires < deadline) return expires.toISOString();
  }
  return deadline.toISOString();
}

// ---------------------------------------------------------------------------
// Purge
// ---------------------------------------------------------------------------

export interface CasePurge {
  caseId: string;
  deleted: number;
  remaining: number;
}

export interface PurgeTotals {
  /** Case stores examined. */
  cases: number;
  deleted: number;
  remaining: number;
  perCase: CasePurge[];
  /** Cases that could not be purged (or whose purge could not be logged), with a reason free of data. */
  failures: Array<{ caseId: string; message: string }>;
}

/**
 * Deletes every expired read from every local case store (opening stores
 * that are not open yet: data must go even from cases nobody looks at) and
 * writes one erasure entry per case that lost reads, or whose purge failed.
 * Cases with nothing to delete are not logged, or an idle workstation would
 * fill its audit log with empty purge runs. One broken case does not stop the
 * others; its failure is logged and returned.
 */
export async function purgeAll(options: {
  stores: CaseStores;
  now: Date;
  audit: AuditRecorder;
}): Promise<PurgeTotals> {
  const { stores, now, audit } = options;
  const totals: PurgeTotals = { cases: 0, deleted: 0, remaining: 0, perCase: [], failures: [] };
  for (const caseId of await stores.listLocal()) {
    totals.cases++;
    let result: CasePurge;
    try {
      const store = await stores.open(caseId);
      const r = await store.purgeExpired(now);
      result = { caseId, deleted: r.deleted, remaining: r.remaining };
    } catch (error) {
      const message = describe(error);
      totals.failures.push({ caseId, message });
      await audit
        .record(purgeEntry(caseId, now, null, message))
        .catch((e: unknown) =>
          totals.failures.push({ caseId, message: `purge failure not logged: ${describe(e)}` }),
        );
      continue;
    }
    totals.perCase.push(result);
    totals.deleted += result.deleted;
    totals.remaining += result.remaining;
    if (result.deleted > 0) {
      try {
        await audit.record(purgeEntry(caseId, now, result, null));
      } catch (error) {
        totals.failures.push({ caseId, message: `erasure not logged: ${describe(error)}` });
      }
    }
  }
  return totals;
}

function purgeEntry(caseId: string, now: Date, result: CasePurge | null, failure: string | null) {
  return {
    actor: SYSTEM_ACTOR,
    operation: 'erasure' as const,
    action: 'retention.purge',
    caseId,
    purpose: null,
    reasonCode: 'retention-deadline',
    justification: 'Reads past their retention deadline are deleted automatically.',
    parameters: result
      ? { deadlineBefore: now.toISOString(), deleted: result.deleted, remaining: result.remaining }
      : { deadlineBefore: now.toISOString() },
    resultCount: result ? result.deleted : null,
    outcome: result ? ('allowed' as const) : ('error' as const),
    outcomeReason: failure,
    recipient: null,
  };
}

export interface RetentionSchedule {
  /** Runs a purge now (joining one in progress). */
  runNow(): Promise<PurgeTotals>;
  stop(): void;
}

/**
 * Purges at start and then every `intervalMs` on an unref'd timer (it never
 * keeps the process alive). Runs never overlap. `onResult`/`onError` report
 * each run (e.g. to the UI); a failed run is retried at the next interval.
 */
export function startRetentionSchedule(options: {
  stores: CaseStores;
  audit: AuditRecorder;
  clock: () => Date;
  intervalMs: number;
  onResult?: (totals: PurgeTotals) => void;
  onError?: (error: unknown) => void;
}): RetentionSchedule {
  const { stores, audit, clock, intervalMs } = options;
  if (!(intervalMs > 0)) throw new TypeError('startRetentionSchedule: intervalMs must be positive');
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let current: Promise<PurgeTotals> | null = null;

  const schedule = (ms: number): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    timer = setTimeout(() => void runNow().catch(() => undefined), ms);
    timer.unref();
  };

  const runNow = (): Promise<PurgeTotals> => {
    current ??= purgeAll({ stores, audit, now: clock() })
      .then(
        (totals) => {
          options.onResult?.(totals);
          return totals;
        },
        (error: unknown) => {
          options.onError?.(error);
          throw error;
        },
      )
      .finally(() => {
        current = null;
        schedule(intervalMs);
      });
    return current;
  };

  schedule(0);
  return {
    runNow,
    stop: () => {
      stopped = true;
      schedule(0);
    },
  };
}

// ---------------------------------------------------------------------------
// Crypto-shredding a case
// ---------------------------------------------------------------------------

export type ShredReason = 'case-closed' | 'assignment-lost';

const SHRED_JUSTIFICATION: Record<ShredReason, string> = {
  'case-closed': 'The case was closed, so its local store is crypto-shredded.',
  'assignment-lost':
    'The officer is no longer assigned to the case, so its local store is crypto-shredded.',
};

/**
 * Crypto-shreds the case's local store (key out of the keychain first, then
 * the files: CaseStores.shred) and writes the erasure to the audit chain. An
 * incomplete erasure (keychain unreachable, file locked) is logged as an
 * error with the reason and should be retried; a shred that throws is logged
 * too, then rethrown.
 *
 * Do not also point CaseStores' `onErasure` at the audit log for these
 * reasons, or the erasure is logged twice (`auditErasure` is there for the
 * other reasons, e.g. recovery).
 */
export async function shredCase(
  caseId: string,
  reason: ShredReason,
  options: { stores: CaseStores; audit: AuditRecorder; clock: () => Date; actor?: AuditActor },
): Promise<ErasureRecord> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  let record: ErasureRecord;
  try {
    record = await options.stores.shred(caseId, reason, options.clock());
  } catch (error) {
    await options.audit.record({
      actor,
      operation: 'erasure',
      action: 'case.shred',
      caseId,
      purpose: null,
      reasonCode: reason,
      justification: SHRED_JUSTIFICATION[reason],
      parameters: { reason },
      resultCount: null,
      outcome: 'error',
      outcomeReason: describe(error),
      recipient: null,
    });
    throw error;
  }
  await auditErasure(options.audit, record, actor);
  return record;
}

/** Writes one erasure entry for a CaseStores erasure record (usable as its `onErasure` hook). */
export async function auditErasure(
  audit: AuditRecorder,
  record: ErasureRecord,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<void> {
  await audit.record({
    actor,
    operation: 'erasure',
    action: 'case.shred',
    caseId: record.caseId,
    purpose: null,
    reasonCode: record.reason,
    justification:
      record.reason === 'case-closed' || record.reason === 'assignment-lost'
        ? SHRED_JUSTIFICATION[record.reason]
        : `The case's local store was crypto-shredded (${record.reason}).`,
    parameters: {
      reason: record.reason,
      keyRemoved: record.keyRemoved,
      filesRemoved: record.filesRemoved.length,
      complete: record.complete,
    },
    resultCount: null,
    outcome: record.complete ? 'allowed' : 'error',
    outcomeReason: record.problem === null ? null : record.problem.slice(0, 500),
    recipient: null,
  });
}

/** An error's class and message, bounded; store and keychain errors never carry data or secrets. */
function describe(error: unknown): string {
  const e = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return e.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * Scheduled and on-demand key rotation (#15 item 9): every local case store
 * and the workstation database get a fresh key when theirs is older than the
 * configured age (default 90 days, on the workstation's injected clock), or
 * when an officer asks. Each rotation is written to the audit chain before it
 * happens. The keychain steps and their crash safety are CaseStores' (see
 * rotateCaseKey); this module decides what is due and logs it.
 *
 * When each key was last changed is kept in the workstation database
 * (`keys.rotatedAt`). A store seen for the first time starts its count then.
 */
import { SYSTEM_ACTOR, type AuditActor } from '../../../common/audit.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import type { CaseStores } from '../store/case-stores.ts';

export const WORKSTATION_KEY = 'workstation';
const STATE = 'keys.rotatedAt';
const DAY = 86_400_000;

/** Whether a key last changed at `last` is due at `now` (pure). */
export function rotationDue(last: string | undefined, now: Date, maxAgeDays: number): boolean {
  if (last === undefined) return false;
  return now.getTime() - Date.parse(last) >= maxAgeDays * DAY;
}

export interface RotationResult {
  /** 'workstation' and the case ids whose keys changed. */
  rotated: string[];
  failures: Array<{ store: string; message: string }>;
}

export interface RotationRequest {
  stores: CaseStores;
  workstation: RemoteWorkstationStore;
  audit: Pick<AuditLog, 'record'>;
  now: Date;
  maxAgeDays: number;
  /** On demand: rotate every key now, whatever its age. */
  force?: boolean;
  actor?: AuditActor;
  /** On demand: the officer's own words for the audit entry. */
  justification?: string;
}

/** The rotation running or last run, per set of stores. */
const rotations = new WeakMap<CaseStores, Promise<unknown>>();

/**
 * One rotation at a time per set of stores: the schedule (at each platform
 * contact) and an officer's request may meet, and two rotations of one key
 * at once could leave the keychain holding the key the file had before the
 * other re-encrypted it.
 */
export function rotateDueKeys(o: RotationRequest): Promise<RotationResult> {
  const before = rotations.get(o.stores) ?? Promise.resolve();
  const run = before.catch(() => {}).then(() => rotateNow(o));
  rotations.set(o.stores, run);
  return run;
}

async function rotateNow(o: RotationRequest): Promise<RotationResult> {
  const state = { ...((await o.workstation.getSyncState(STATE)) as Record<string, string> | null) };
  const result: RotationResult = { rotated: [], failures: [] };
  const targets = [WORKSTATION_KEY, ...(await o.stores.listLocal())];
  let changed = false;
  for (const target of targets) {
    const last = state[target];
    if (last === undefined && !o.force) {
      state[target] = o.now.toISOString();
      changed = true;
      continue;
    }
    if (!o.force && !rotationDue(last, o.now, o.maxAgeDays)) continue;
    const isCase = target !== WORKSTATION_KEY;
    // Logged first: an entry that cannot be written stops the rotation (AuditWriteError).
    const entry = {
      actor: o.actor ?? SYSTEM_ACTOR,
      operation: 'alteration',
      action: 'keys.rotate',
      caseId: isCase ? target : null,
      purpose: null,
      reasonCode: o.force ? 'on-demand' : 'schedule',
      justification: o.force
        ? o.justification || 'Key rotation requested by the officer.'
        : `Scheduled key rotation (keys older than ${o.maxAgeDays} days).`,
      parameters: { store: isCase ? 'case' : 'workstation', lastRotatedAt: last ?? null },
      resultCount: null,
      recipient: null,
    } as const;
    await o.audit.record({ ...entry, outcome: 'allowed', outcomeReason: null });
    try {
      if (isCase) await o.stores.rotateCaseKey(target);
      else await o.stores.rotateWorkstationKey();
      state[target] = o.now.toISOString();
      changed = true;
      result.rotated.push(target);
    } catch (error) {
      const message = (error as Error).message.slice(0, 300);
      result.failures.push({ store: target, message });
      // The entry above announced a rotation that did not happen: the chain says so too.
      await o.audit.record({ ...entry, outcome: 'error', outcomeReason: message });
    }
  }
  if (changed) await o.workstation.setSyncState(STATE, state, o.now);
  return result;
}

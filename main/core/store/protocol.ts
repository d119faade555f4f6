/**
 * Messages between the StoreHost (main thread) and the storage worker.
 * Every request carries an id; every response answers one id. Payloads are
 * plain structured-clone data (no class instances, no functions). Errors are
 * flattened to {name, message, detail, code} and revived on the other side as
 * the same typed class (errors.ts), so `instanceof StoreWrongKeyError` works
 * in the main thread.
 */
import type { CaseStore } from './case-store.ts';
import { storeErrorClasses } from './errors.ts';
import type { WorkstationStore } from './workstation-store.ts';

/** CaseStore methods callable across the thread boundary. */
export const CASE_METHODS = [
  'beginPull',
  'insertReads',
  'finishPull',
  'pullState',
  'listPulls',
  'readCount',
  'summary',
  'purgeExpired',
  'readsByPlate',
  'readsByPlateKey',
  'readsInWindow',
  'readsForUnits',
  'setMeta',
  'getMeta',
  'recordAnalysis',
  'listAnalyses',
  'runAnalysis',
  'readsByIds',
  'ageWithheld',
  'replaceApprovals',
  'listApprovals',
] as const satisfies ReadonlyArray<keyof CaseStore>;
export type CaseMethod = (typeof CASE_METHODS)[number];

/** Read-only CaseStore methods, for StoreHost.query. */
export const QUERY_NAMES = [
  'readCount',
  'summary',
  'pullState',
  'listPulls',
  'readsByPlate',
  'readsByPlateKey',
  'readsInWindow',
  'readsForUnits',
  'getMeta',
  'listAnalyses',
  'runAnalysis',
  'readsByIds',
  'ageWithheld',
  'listApprovals',
] as const satisfies ReadonlyArray<CaseMethod>;
export type QueryName = (typeof QUERY_NAMES)[number];

export const WORKSTATION_METHODS = [
  'getSetting',
  'setSetting',
  'allSettings',
  'getSyncState',
  'setSyncState',
  'appendAudit',
  'lastAudit',
  'auditEntries',
  'unsyncedAudit',
  'markAuditSynced',
  'addCheckpoint',
  'acknowledgeCheckpoint',
  'lastCheckpoint',
] as const satisfies ReadonlyArray<keyof WorkstationStore>;
export type WorkstationMethod = (typeof WORKSTATION_METHODS)[number];

type Method<T, M extends keyof T> = T[M] extends (...args: infer A) => infer R
  ? (...args: A) => R
  : never;
export type CaseArgs<M extends CaseMethod> = Parameters<Method<CaseStore, M>>;
export type CaseResult<M extends CaseMethod> = ReturnType<Method<CaseStore, M>>;
export type WorkstationArgs<M extends WorkstationMethod> = Parameters<Method<WorkstationStore, M>>;
export type WorkstationResult<M extends WorkstationMethod> = ReturnType<
  Method<WorkstationStore, M>
>;

export type StoreRequest =
  | { id: number; op: 'openCase'; caseId: string; keyHex: string }
  | { id: number; op: 'closeCase'; caseId: string }
  | { id: number; op: 'rekeyCase'; caseId: string; keyHex: string }
  | { id: number; op: 'rekeyWorkstation'; keyHex: string }
  | { id: number; op: 'closeWorkstation' }
  | { id: number; op: 'shredCase'; caseId: string }
  | { id: number; op: 'case'; caseId: string; method: CaseMethod; args: unknown[] }
  | { id: number; op: 'openWorkstation'; keyHex: string }
  | { id: number; op: 'workstation'; method: WorkstationMethod; args: unknown[] }
  | { id: number; op: 'closeAll' };

export interface SerializedError {
  name: string;
  message: string;
  detail?: string;
  code?: string;
}

export type StoreResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  const { detail, code } = error as { detail?: unknown; code?: unknown };
  if (typeof detail === 'string') out.detail = detail;
  if (typeof code === 'string') out.code = code;
  return out;
}

export function reviveError(s: SerializedError): Error {
  const Known = (
    storeErrorClasses as Record<string, new (message?: string, detail?: string) => Error>
  )[s.name];
  if (Known) return new Known(s.message, s.detail);
  const error = new Error(s.message) as Error & { code?: string; detail?: string };
  error.name = s.name;
  if (s.code !== undefined) error.code = s.code;
  if (s.detail !== undefined) error.detail = s.detail;
  return error;
}

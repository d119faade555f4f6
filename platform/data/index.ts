/**
 * Public surface of the platform's data layer. Routes use `PlatformStore`
 * (store.ts); the module functions stay importable for the seed loader and tests.
 */
export {
  createSqliteStore,
  openDataStore,
  type PlatformStore,
  type SqliteStoreOptions,
} from './store.ts';
export { DataError, isDataError, type DataErrorKind } from './errors.ts';
export type { Actor, ActorContext } from './actor.ts';
export type { QueryContext, Withheld, WithheldReason, ExtendedAccessUse } from './access.ts';
export type {
  IngestContext,
  IngestCounts,
  IngestRecordResult,
  IngestReport,
  IngestStatus,
  BulkReport,
} from './ingest.ts';
export {
  AreaQueryParams,
  DEFAULT_LIMITS,
  PlateHistoryParams,
  UnlockScope,
  type DataLimits,
  type QueryResult,
  type UnlockEstimate,
} from './queries.ts';
export {
  PullParams,
  decodeCursor,
  encodeCursor,
  type PullInfo,
  type PullPage,
  type PullStart,
} from './pull.ts';
export {
  DecisionInput,
  ExtendedAccessRequestInput,
  RequestFilter,
  type ExtendedAccessDecision,
  type ExtendedAccessRequest,
  type RequestDetail,
} from './extended-access.ts';
export { PostponementInput, PostponementScope, type Postponement } from './postponements.ts';
export { TargetedOperationInput, type TargetedOperation } from './targeted-operations.ts';
export { HotlistEntryInput, HotlistInput, type Hotlist } from './hotlists.ts';
export { CaseInput } from './cases.ts';
export { startPurgeSchedule, type PurgeReport, type PurgeSchedule } from './purge.ts';
export { migrateData, DATA_MIGRATIONS } from './schema.ts';

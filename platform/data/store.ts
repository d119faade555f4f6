import type { z } from 'zod';
import type { Case } from '../../common/case.ts';
import type { DepartedCase } from '../../common/platform-api.ts';
import type { PolicyPack } from '../../common/policy.ts';
import type { Camera, Read } from '../../common/read.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import type { Actor, ActorContext } from './actor.ts';
import type { QueryContext } from './access.ts';
import { getCamera, listCameras, upsertCameras } from './cameras.ts';
import {
  assignOfficer,
  closeCase,
  createCase,
  getCase,
  listCases,
  listCasesForOfficer,
  listDepartedCasesForOfficer,
  unassignOfficer,
  type CaseInput,
} from './cases.ts';
import {
  decideRequest,
  fileRequest,
  getRequestDetail,
  listRequests,
  withdrawRequest,
  type DecisionInput,
  type ExtendedAccessRequest,
  type ExtendedAccessRequestInput,
  type RequestDetail,
  type RequestFilter,
} from './extended-access.ts';
import {
  addHotlistEntries,
  createHotlist,
  endHotlistEntries,
  listHotlists,
  type Hotlist,
  type HotlistInput,
} from './hotlists.ts';
import {
  bulkIngest,
  ingestBatch,
  ingestTrusted,
  type BulkReport,
  type IngestCounts,
  type IngestReport,
} from './ingest.ts';
import {
  listPostponements,
  postponeDeletion,
  type Postponement,
  type PostponementInput,
} from './postponements.ts';
import {
  getPull,
  pullPage,
  startPull,
  streamPull,
  type PullInfo,
  type PullPage,
  type PullParams,
  type PullStart,
} from './pull.ts';
import { purgeExpired, type PurgeReport } from './purge.ts';
import {
  areaQuery,
  DEFAULT_LIMITS,
  estimateUnlock,
  plateHistory,
  type AreaQueryParams,
  type DataLimits,
  type PlateHistoryParams,
  type QueryResult,
  type UnlockEstimate,
  type UnlockScope,
} from './queries.ts';
import { migrateData } from './schema.ts';
import { migrateHotlists } from '../hotlists/schema.ts';
import {
  createTargetedOperation,
  listTargetedOperations,
  type TargetedOperation,
  type TargetedOperationInput,
} from './targeted-operations.ts';

/**
 * The platform's data layer as routes see it. Everything is async so that a
 * PostgreSQL backend can implement the same interface; the SQLite one below
 * does its work synchronously inside. The policy pack is fixed per store.
 */
export interface PlatformStore {
  readonly backend: 'sqlite';
  readonly pack: PolicyPack;
  readonly limits: DataLimits;

  // Ingest
  ingest(reads: readonly unknown[], ctx: { now: Date; unitId?: string }): Promise<IngestReport>;
  ingestTrusted(reads: readonly Read[], ctx: { now: Date }): Promise<IngestCounts>;
  bulkIngest(
    batches: Iterable<readonly Read[]> | AsyncIterable<readonly Read[]>,
    ctx: { now: Date },
  ): Promise<BulkReport>;

  // Register data
  upsertCameras(
    cameras: readonly unknown[],
    now: Date,
  ): Promise<{ inserted: number; updated: number }>;
  listCameras(): Promise<Camera[]>;
  getCamera(id: string): Promise<Camera>;
  createHotlist(input: HotlistInput, now: Date): Promise<Hotlist>;
  addHotlistEntries(
    hotlistId: string,
    entries: readonly unknown[],
    now: Date,
  ): Promise<{ added: number }>;
  endHotlistEntries(hotlistId: string, plate: string, at: Date): Promise<{ ended: number }>;
  listHotlists(): Promise<Hotlist[]>;

  // Cases
  createCase(input: CaseInput, ctx: { now: Date; createdBy?: string }): Promise<Case>;
  getCase(id: string): Promise<Case>;
  listCases(filter?: { status?: 'open' | 'closed' }): Promise<Case[]>;
  listCasesForOfficer(officerId: string, filter?: { status?: 'open' | 'closed' }): Promise<Case[]>;
  /** Cases the officer pulled under that are now closed or no longer assigned to them. */
  listDepartedCasesForOfficer(officerId: string): Promise<DepartedCase[]>;
  assignOfficer(caseId: string, officerId: string, ctx: { now: Date; by?: string }): Promise<Case>;
  unassignOfficer(caseId: string, officerId: string): Promise<Case>;
  closeCase(caseId: string, ctx: { now: Date; by?: string }): Promise<Case>;

  // Consultation
  plateHistory(q: QueryContext, params: PlateHistoryParams): Promise<QueryResult>;
  areaQuery(q: QueryContext, params: AreaQueryParams): Promise<QueryResult>;
  estimateUnlock(scope: UnlockScope, now: Date): Promise<UnlockEstimate>;

  // Case pull
  startPull(q: QueryContext, params: z.input<typeof PullParams>): Promise<PullStart>;
  pullPage(
    ctx: ActorContext,
    pullId: string,
    cursor: string | null,
    limit: number,
  ): Promise<PullPage>;
  streamPull(
    officer: Actor,
    clock: () => Date,
    pullId: string,
    cursor: string | null,
    pageSize?: number,
  ): AsyncGenerator<{
    read: Read;
    cursor: string;
    retentionUntil: string;
    approvalId: string | null;
  }>;
  getPull(ctx: ActorContext, pullId: string): Promise<PullInfo>;

  // Extended access
  fileRequest(ctx: ActorContext, input: ExtendedAccessRequestInput): Promise<ExtendedAccessRequest>;
  listRequests(ctx: ActorContext, filter?: RequestFilter): Promise<ExtendedAccessRequest[]>;
  getRequestDetail(ctx: ActorContext, requestId: string): Promise<RequestDetail>;
  decideRequest(
    ctx: ActorContext,
    requestId: string,
    input: DecisionInput,
  ): Promise<ExtendedAccessRequest>;
  withdrawRequest(ctx: ActorContext, requestId: string): Promise<ExtendedAccessRequest>;

  // Danish retention instruments
  postponeDeletion(ctx: ActorContext, input: PostponementInput): Promise<Postponement>;
  listPostponements(): Promise<Postponement[]>;
  createTargetedOperation(
    ctx: ActorContext,
    input: TargetedOperationInput,
  ): Promise<TargetedOperation>;
  listTargetedOperations(): Promise<TargetedOperation[]>;

  // Erasure
  purgeExpired(now: Date): Promise<PurgeReport>;

  close(): void;
}

export interface SqliteStoreOptions {
  pack: PolicyPack;
  limits?: Partial<DataLimits>;
  /** Close the db with the store (default: only when the store opened it). */
  ownsDb?: boolean;
  /** Page cache in MiB (default 64): hot index pages stay decrypted in memory. */
  cacheMiB?: number;
}

/** Wraps an open encrypted db (e.g. PlatformContext.db), migrating the data schema. */
export function createSqliteStore(db: Db, options: SqliteStoreOptions): PlatformStore {
  migrateData(db);
  migrateHotlists(db);
  db.pragma(`cache_size = -${(options.cacheMiB ?? 64) * 1024}`);
  const pack = options.pack;
  const limits: DataLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const run = <T>(f: () => T): Promise<T> => {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e as Error);
    }
  };
  return {
    backend: 'sqlite',
    pack,
    limits,
    ingest: (reads, ctx) => run(() => ingestBatch(db, reads, { ...ctx, pack })),
    ingestTrusted: (reads, ctx) => run(() => ingestTrusted(db, reads, { now: ctx.now, pack })),
    bulkIngest: (batches, ctx) => bulkIngest(db, batches, { now: ctx.now, pack }),

    upsertCameras: (cameras, now) => run(() => upsertCameras(db, cameras, now)),
    listCameras: () => run(() => listCameras(db)),
    getCamera: (id) => run(() => getCamera(db, id)),
    createHotlist: (input, now) => run(() => createHotlist(db, input, now)),
    addHotlistEntries: (id, entries, now) => run(() => addHotlistEntries(db, id, entries, now)),
    endHotlistEntries: (id, plate, at) => run(() => endHotlistEntries(db, id, plate, at)),
    listHotlists: () => run(() => listHotlists(db)),

    createCase: (input, ctx) => run(() => createCase(db, input, ctx)),
    getCase: (id) => run(() => getCase(db, id)),
    listCases: (filter) => run(() => listCases(db, filter)),
    listCasesForOfficer: (officerId, filter) =>
      run(() => listCasesForOfficer(db, officerId, filter)),
    listDepartedCasesForOfficer: (officerId) =>
      run(() => listDepartedCasesForOfficer(db, officerId)),
    assignOfficer: (caseId, officerId, ctx) => run(() => assignOfficer(db, caseId, officerId, ctx)),
    unassignOfficer: (caseId, officerId) => run(() => unassignOfficer(db, caseId, officerId)),
    closeCase: (caseId, ctx) => run(() => closeCase(db, caseId, ctx)),

    plateHistory: (q, params) => run(() => plateHistory(db, pack, q, params, limits)),
    areaQuery: (q, params) => run(() => areaQuery(db, pack, q, params, limits)),
    estimateUnlock: (scope, now) => run(() => estimateUnlock(db, pack, scope, now)),

    startPull: (q, params) => run(() => startPull(db, pack, q, params, limits)),
    pullPage: (ctx, pullId, cursor, limit) =>
      run(() => pullPage(db, pack, ctx, pullId, cursor, limit, limits)),
    streamPull: (officer, clock, pullId, cursor, pageSize) =>
      streamPull(db, pack, officer, clock, pullId, cursor, pageSize, limits),
    getPull: (ctx, pullId) => run(() => getPull(db, ctx, pullId)),

    fileRequest: (ctx, input) => run(() => fileRequest(db, pack, ctx, input)),
    listRequests: (ctx, filter) => run(() => listRequests(db, pack, ctx, filter)),
    getRequestDetail: (ctx, id) => run(() => getRequestDetail(db, pack, ctx, id)),
    decideRequest: (ctx, id, input) => run(() => decideRequest(db, pack, ctx, id, input)),
    withdrawRequest: (ctx, id) => run(() => withdrawRequest(db, ctx, id)),

    postponeDeletion: (ctx, input) => run(() => postponeDeletion(db, pack, ctx, input)),
    listPostponements: () => run(() => listPostponements(db)),
    createTargetedOperation: (ctx, input) => run(() => createTargetedOperation(db, ctx, input)),
    listTargetedOperations: () => run(() => listTargetedOperations(db)),

    purgeExpired: (now) => purgeExpired(db, now, { pack }),

    close: () => {
      if (options.ownsDb) db.close();
    },
  };
}

/** Opens `<dataDir>/platform.db` (see store/sqlite.ts for the key) and wraps it. */
export function openDataStore(
  dataDir: string,
  options: Omit<SqliteStoreOptions, 'ownsDb'>,
  env?: NodeJS.ProcessEnv,
): PlatformStore {
  const db = openPlatformDb(dataDir, env);
  try {
    return createSqliteStore(db, { ...options, ownsDb: true });
  } catch (e) {
    db.close();
    throw e;
  }
}

import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { z } from 'zod';
import { Case } from '../../common/case.ts';
import {
  AreaQueryRequest,
  AuditUploadRequest,
  AuditUploadResponse,
  CameraList,
  CaseApprovals,
  CaseList,
  CreatePullRequest,
  PlateHistoryRequest,
  PlatformCheckpointKey,
  PullCreated,
  PullCursor,
  PullLine,
  QueryResult,
  RegisterDeviceRequest,
  RegisterDeviceResponse,
} from '../../common/platform-api.ts';
import { isDataError } from '../data/errors.ts';
import { encodeCursor as encodeStoreCursor, type PullInfo } from '../data/pull.ts';
import { HttpError } from '../http/errors.ts';
import type { QueryContext } from '../data/access.ts';
import { route } from '../http/openapi.ts';
import {
  actorOf,
  actingRole,
  auditRequest,
  reasonOf,
  type ApiDeps,
  type ApiRoutes,
} from './deps.ts';
import type { AuthenticatedOfficer } from '../http/auth.ts';

/**
 * Detective-facing data API: cases, cameras, case pulls and direct queries,
 * plus the workstations' audit uploads. Every data request is logged in the
 * platform's chain, allowed or refused, with its justification and counts.
 */
const CaseId = z.object({ id: z.string().min(1).max(64) });
const OVERSIGHT_ROLES = ['supervisor', 'prosecutor', 'commissioner', 'admin'] as const;

function withheldOf(w: { count: number; reason?: string | null; message?: string | null }) {
  return { count: w.count, reason: w.reason ?? null, message: w.message ?? null };
}

export const dataRoutes: ApiRoutes = (app, deps) => {
  const { store, ctx } = deps;
  /** Officers are shown by name, not by id, wherever a case is displayed. */
  const named = (c: Case): Case => ({
    ...c,
    assignedOfficerNames: c.assignedOfficers.map(
      (id) => ctx.identity.accounts.byId(id)?.displayName ?? id,
    ),
  });

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/cases',
      summary:
        'Cases of the signed-in officer (detectives: assigned cases; oversight roles: all cases, metadata only), and for detectives the cases they pulled under that were since closed or unassigned from them (`departed`)',
      tags: ['cases'],
      security: { roles: ['detective', ...OVERSIGHT_ROLES] },
      response: CaseList,
    },
    async ({ officer }) => {
      const cases = officer.roles.some((r) => (OVERSIGHT_ROLES as readonly string[]).includes(r))
        ? await store.listCases()
        : await store.listCasesForOfficer(officer.id);
      // A detective's workstation learns here why a case it holds left the list.
      const departed = officer.roles.includes('detective')
        ? await store.listDepartedCasesForOfficer(officer.id)
        : [];
      return { cases: cases.map(named), departed };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/cases/:id',
      summary: 'One case (assigned detectives and oversight roles)',
      tags: ['cases'],
      security: { roles: ['detective', ...OVERSIGHT_ROLES] },
      params: CaseId,
      response: Case,
    },
    async ({ officer, params }) => {
      const c = await store.getCase(params.id);
      const oversight = officer.roles.some((r) =>
        (OVERSIGHT_ROLES as readonly string[]).includes(r),
      );
      if (!oversight && !c.assignedOfficers.includes(officer.id)) {
        // Same answer as a missing case: an unassigned officer learns nothing.
        throw new HttpError(404, 'not_found', 'No such case.');
      }
      return named(c);
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/cases/:id/approvals',
      summary:
        "A case's extended-access approvals (approved or narrowed, expired ones too), for the workstation's own age gate",
      tags: ['cases', 'extended-access'],
      security: { roles: ['detective'] },
      params: CaseId,
      response: CaseApprovals,
    },
    async ({ officer, params }) => {
      const c = await store.getCase(params.id);
      // Same answer as a missing case: an unassigned officer learns nothing.
      if (!c.assignedOfficers.includes(officer.id))
        throw new HttpError(404, 'not_found', 'No such case.');
      const actor = { officer: actorOf(officer), now: ctx.clock() };
      const decided = [
        ...(await store.listRequests(actor, { caseId: c.id, status: 'approved', limit: 500 })),
        ...(await store.listRequests(actor, { caseId: c.id, status: 'narrowed', limit: 500 })),
      ];
      const approvals = decided.flatMap(({ decision: d }) =>
        d &&
        d.decision !== 'refuse' &&
        d.periodFrom !== null &&
        d.periodTo !== null &&
        d.expiresAt !== null
          ? [
              {
                decisionId: d.id,
                decision: d.decision,
                plates: d.plates && d.plates.length > 0 ? d.plates : null,
                area: d.area,
                periodFrom: d.periodFrom,
                periodTo: d.periodTo,
                expiresAt: d.expiresAt,
              },
            ]
          : [],
      );
      return { approvals };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/cameras',
      summary: 'Camera register with outage windows (for maps and coverage gaps)',
      tags: ['cameras'],
      security: { roles: ['detective', ...OVERSIGHT_ROLES] },
      response: CameraList,
    },
    async () => ({ cameras: await store.listCameras() }),
  );

  const queryContext = (
    officer: AuthenticatedOfficer,
    body: Pick<
      z.infer<typeof CreatePullRequest>,
      'caseId' | 'purpose' | 'offenceType' | 'reasonCode' | 'justification'
    >,
  ): QueryContext => ({
    officer: actorOf(officer),
    caseId: body.caseId,
    purpose: body.purpose,
    offenceType: body.offenceType,
    reasonCode: body.reasonCode,
    justification: body.justification,
    now: ctx.clock(),
  });

  /** Runs a data operation and logs it, allowed or refused. */
  async function audited<T>(
    officer: AuthenticatedOfficer,
    entry: {
      action: string;
      caseId: string;
      purpose: 'judicial' | 'administrative';
      reasonCode: string;
      justification: string;
      parameters: Record<string, unknown>;
    },
    run: () => Promise<T>,
    count: (value: T) => { resultCount: number; extra?: Record<string, unknown> },
  ): Promise<T> {
    const base = { operation: 'consultation' as const, recipient: null, ...entry };
    try {
      const value = await run();
      const { resultCount, extra } = count(value);
      auditRequest(deps, officer, 'detective', {
        ...base,
        parameters: { ...entry.parameters, ...extra },
        resultCount,
        outcome: 'allowed',
        outcomeReason: null,
      });
      return value;
    } catch (error) {
      auditRequest(deps, officer, actingRole(officer, ['detective']), {
        ...base,
        justification: entry.justification || null,
        resultCount: null,
        outcome: isDataError(error) || error instanceof HttpError ? 'denied' : 'error',
        outcomeReason: reasonOf(error),
      });
      throw error;
    }
  }

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/pulls',
      summary:
        'Start a case pull: the legal gate decides what it will deliver; returns the total up front',
      tags: ['pulls'],
      security: { roles: ['detective'] },
      body: CreatePullRequest,
      response: PullCreated,
      status: 201,
    },
    async ({ officer, body }) => {
      const params =
        body.query.kind === 'plates'
          ? { plates: body.query.plates, from: body.query.range.from, to: body.query.range.to }
          : { area: body.query.area, from: body.query.range.from, to: body.query.range.to };
      const started = await audited(
        officer,
        {
          action: 'reads.pull',
          caseId: body.caseId,
          purpose: body.purpose,
          reasonCode: body.reasonCode,
          justification: body.justification,
          parameters: { offenceType: body.offenceType, query: body.query },
        },
        () => store.startPull(queryContext(officer, body), params),
        (s) => ({
          resultCount: s.total,
          extra: {
            pullId: s.pullId,
            withheld: s.withheld.count,
            decisions: s.extendedAccess.decisionIds,
          },
        }),
      );
      return {
        pullId: started.pullId,
        total: started.total,
        withheld: withheldOf(started.withheld),
        approvals: started.extendedAccess.decisionIds,
      };
    },
  );

  // The pull stream is NDJSON (optionally gzip), so it bypasses route()'s JSON
  // response check; each line is still built from the shared PullLine schema.
  app.apiRegistry!.add({
    method: 'GET',
    path: '/api/v1/pulls/:id/reads',
    summary:
      "Stream a pull's reads as NDJSON lines (PullLine), in (capturedAt, id) order, resumable with ?after=<cursor>",
    tags: ['pulls'],
    security: { roles: ['detective'] },
    params: CaseId,
    query: z.object({ after: PullCursor.optional() }),
    response: PullLine,
    responseType: 'application/x-ndjson',
    gzip: true,
    responseHeaders: {
      'X-Total-Count': {
        description: 'Reads the whole pull delivers (after the legal gate), for progress.',
        schema: { type: 'integer', minimum: 0 },
      },
    },
    status: 200,
  });
  app.get('/api/v1/pulls/:id/reads', async (request, reply) => {
    const officer = await ctx.authenticate(request, { roles: ['detective'] });
    const { id } = CaseId.parse(request.params);
    const query = z.object({ after: PullCursor.optional() }).safeParse(request.query ?? {});
    if (!query.success) {
      return reply.code(400).send({
        error: { code: 'invalid_request', message: 'after: expected a cursor <epochMs>:<uuid>' },
      });
    }
    const info = await store.getPull({ officer: actorOf(officer), now: ctx.clock() }, id);
    // Convert the workstation's cursor (ms:id) into the store's own cursor format.
    const after = query.data.after ? storeCursor(query.data.after) : null;
    const lines = streamLines(deps, officer, info, id, after);
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    reply.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Total-Count', String(info.total));
    if (gzip) reply.header('Content-Encoding', 'gzip');
    const body = Readable.from(lines);
    // Level 1: NDJSON of reads still shrinks ~5x, at a fraction of the default level's CPU.
    return reply.send(gzip ? body.pipe(createGzip({ level: 1 })) : body);
  });

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/queries/plate-history',
      summary: 'Where a plate was seen (exact, wildcard or OCR-fuzzy), within the legal gate',
      tags: ['queries'],
      security: { roles: ['detective'] },
      body: PlateHistoryRequest,
      response: QueryResult,
    },
    async ({ officer, body }) => {
      const result = await audited(
        officer,
        {
          action: 'reads.plate-history',
          caseId: body.caseId,
          purpose: body.purpose,
          reasonCode: body.reasonCode,
          justification: body.justification,
          parameters: {
            offenceType: body.offenceType,
            plate: body.plate,
            mode: body.mode,
            range: body.range ?? null,
          },
        },
        () =>
          store.plateHistory(queryContext(officer, body), {
            plate: body.plate,
            match: body.mode,
            maxSubstitutions: body.maxSubstitutions,
            from: body.range?.from,
            to: body.range?.to,
            limit: body.limit,
          }),
        (r) => ({ resultCount: r.reads.length, extra: { withheld: r.withheld.count } }),
      );
      return { reads: result.reads, total: result.total, withheld: withheldOf(result.withheld) };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/queries/area',
      summary: 'Which vehicles passed a place in a time window (stakeout), within the legal gate',
      tags: ['queries'],
      security: { roles: ['detective'] },
      body: AreaQueryRequest,
      response: QueryResult,
    },
    async ({ officer, body }) => {
      const result = await audited(
        officer,
        {
          action: 'reads.area',
          caseId: body.caseId,
          purpose: body.purpose,
          reasonCode: body.reasonCode,
          justification: body.justification,
          parameters: { offenceType: body.offenceType, area: body.area, range: body.range },
        },
        () =>
          store.areaQuery(queryContext(officer, body), {
            area: body.area,
            from: body.range.from,
            to: body.range.to,
            limit: body.limit,
          }),
        (r) => ({ resultCount: r.reads.length, extra: { withheld: r.withheld.count } }),
      );
      return { reads: result.reads, total: result.total, withheld: withheldOf(result.withheld) };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/devices',
      summary: "Register a workstation's audit signing key (Ed25519 public key)",
      tags: ['audit'],
      security: { roles: ['detective', ...OVERSIGHT_ROLES] },
      body: RegisterDeviceRequest,
      response: RegisterDeviceResponse,
    },
    ({ officer, body }) => {
      const reg = deps.audit.registerDevice(body.deviceId, officer.id, body.publicKeyPem);
      return { deviceId: reg.deviceId, registeredAt: reg.registeredAt };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/audit/uploads',
      summary: "Upload the next slice of a workstation's audit chain with a signed checkpoint",
      tags: ['audit'],
      security: { roles: ['detective', ...OVERSIGHT_ROLES] },
      body: AuditUploadRequest,
      response: AuditUploadResponse,
      bodyLimit: 4 * 1024 * 1024,
    },
    ({ body }) => {
      const key = deps.audit.devicePublicKey(body.deviceId);
      if (!key) throw new HttpError(404, 'not_found', 'Unknown device: register its key first.');
      const result = deps.audit.acceptWorkstationUpload(
        body.deviceId,
        key,
        body.entries,
        body.checkpoint,
      );
      // The workstation's copy of an earlier platform checkpoint is its
      // witness (kept only if the platform signed it); in return it gets a
      // checkpoint of the chain as it is now, to hold until the next upload.
      if (body.platformCheckpoint !== undefined) {
        deps.audit.recordWitness(body.deviceId, body.platformCheckpoint);
      }
      const platformCheckpoint = deps.audit.checkpoint('witness');
      return {
        accepted: result.accepted,
        head: result.head,
        gaps: result.gaps.map((g) => ({ fromSeq: g.fromSeq, toSeq: g.toSeq })),
        ...(platformCheckpoint === null ? {} : { platformCheckpoint }),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/audit/checkpoint-key',
      summary:
        "The Ed25519 key that signs checkpoints of the platform's audit chain (C2SP signed-note verifier key)",
      tags: ['audit'],
      security: 'public',
      response: PlatformCheckpointKey,
    },
    () => deps.audit.checkpointKey(),
  );
};

/** The workstation's cursor is `<epochMs>:<id>`; the store encodes the same position its own way. */
function storeCursor(after: string): string {
  const [ms, id] = after.split(':') as [string, string];
  return encodeStoreCursor({ capturedAt: Number(ms), id });
}

async function* streamLines(
  deps: ApiDeps,
  officer: AuthenticatedOfficer,
  info: PullInfo,
  pullId: string,
  after: string | null,
): AsyncGenerator<string> {
  let delivered = 0;
  let outcome: 'allowed' | 'error' = 'allowed';
  let reason: string | null = null;
  try {
    // Pages of the largest size the store allows: fewer gate setups and fetches per read.
    for await (const item of deps.store.streamPull(
      actorOf(officer),
      deps.ctx.clock,
      pullId,
      after,
      deps.store.limits.maxPageSize,
    )) {
      delivered++;
      yield (
        JSON.stringify({
          type: 'read',
          read: item.read,
          approvalId: item.approvalId,
          retentionUntil: item.retentionUntil,
        }) + '\n'
      );
    }
    yield (
      JSON.stringify({
        type: 'end',
        delivered,
        withheld: { count: info.withheld, reason: null, message: null },
      }) + '\n'
    );
  } catch (error) {
    outcome = 'error';
    reason = reasonOf(error);
    throw error;
  } finally {
    // One entry per stream (not per read): what was delivered, to whom, under which case.
    auditRequest(deps, officer, 'detective', {
      operation: 'disclosure',
      action: 'reads.pull-delivered',
      caseId: info.caseId,
      purpose: info.purpose,
      reasonCode: info.reasonCode,
      justification: 'Delivery of a case pull to the officer’s workstation (see reads.pull).',
      parameters: { pullId, resumedAfter: after !== null },
      resultCount: delivered,
      outcome,
      outcomeReason: reason,
      recipient: `officer:${officer.id}`,
    });
  }
}

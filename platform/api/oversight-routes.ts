import { z } from 'zod';
import { ApiError } from '../../common/api/result.ts';
import type { AuditBody } from '../../common/audit.ts';
import type { Case } from '../../common/case.ts';
import {
  AccessRequest,
  ActivityQuery,
  AuditPage,
  AuditQuery,
  ChainStatusList,
  CreateSampleBody,
  DecisionBody,
  FileRequestBody,
  OfficerActivity,
  OfficerList,
  OversightSummary,
  PeriodQuery,
  PostponementBody,
  PostponementList,
  PostponementView,
  ReportFile,
  ReportFormatQuery,
  DrawBody,
  ReproduceBody,
  ReproduceResult,
  RequestDetail,
  RequestList,
  RequestListQuery,
  RevealBody,
  RevealResult,
  ReviewBody,
  SampleCheck,
  SampleDue,
  SampleList,
} from '../../common/oversight-api.ts';
import type { Role } from '../../common/officer.ts';
import { isDataError } from '../data/errors.ts';
import type { AuthenticatedOfficer } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/openapi.ts';
import { dailyActivity, baselinePerDay, BASELINE_WEEKS } from '../oversight/activity.ts';
import { isOfficerEntry } from '../oversight/classify.ts';
import {
  collectEntries,
  displayPlate,
  toEntry,
  toView,
  type OversightEntry,
  type ViewContext,
} from '../oversight/entries.ts';
import { computeFlags, entryTimeFlags, type CaseInfo } from '../oversight/flags.ts';
import { entryTimeFindings, OFFLINE_GRANT_MAX_MS } from '../audit/entry-times.ts';
import { deviceOfficers, entriesByRef, requestCaseId } from '../oversight/lookup.ts';
import {
  renderDecisionPdf,
  renderPostponementPdf,
  renderSampleCsv,
  renderSamplePdf,
} from '../oversight/report.ts';
import { candidatesHash, verifyDraw } from '../oversight/sample.ts';
import {
  createSampleStore,
  sampleDue,
  sampleFlags,
  SAMPLE_INTERVAL_DAYS,
} from '../oversight/samples.ts';
import {
  caseContext,
  directoryOf,
  postponementView,
  requestView,
  sampleSummary,
  sampleView,
  type Directory,
} from '../oversight/views.ts';
import { DEFAULT_OFFICE_HOURS, describeOfficeHours, zoneOf } from '../oversight/zone.ts';
import type { WitnessSummary } from '../audit/log.ts';
import { actorOf, actingRole, auditRequest, reasonOf, type ApiRoutes } from './deps.ts';

/**
 * Oversight API: extended-access requests (detectives file, prosecutors
 * decide), Danish postponements of deletion (the commissioner decides), and
 * the supervisor's audit workspace. Every call that decides, reviews,
 * reveals or exports is written to the platform's audit chain; so is every
 * look into the logs, with the filter used. Supervisors get metadata only:
 * plates in audit parameters are masked unless revealed by a logged call.
 */

const IdParam = z.object({ id: z.string().min(1).max(64) });
const SUPERVISION =
  'Supervisory check of the audit log (self-monitoring, Directive 2016/680 art. 25).';
const DAY = 86_400_000;
/** Longest period one analysis covers (flags, activity, samples). */
const MAX_PERIOD_DAYS = 400;

export const oversightRoutes: ApiRoutes = (app, deps) => {
  const { store, ctx, audit } = deps;
  const pack = store.pack;
  const zone = zoneOf(pack.jurisdiction);
  const hours = DEFAULT_OFFICE_HOURS;
  const samples = createSampleStore(ctx.db, ctx.clock);
  const directory = (): Directory => directoryOf(ctx.identity.accounts.list());

  async function caseMap(): Promise<Map<string, Case>> {
    return new Map((await store.listCases()).map((c) => [c.id, c]));
  }
  const viewContext = (cases: ReadonlyMap<string, Case>): ViewContext => ({
    zone,
    hours,
    caseNumber: (id) => cases.get(id)?.number ?? null,
  });

  function period(q: { from: string; to: string }): { from: Date; to: Date } {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from)
      throw new HttpError(400, 'invalid_request', 'The period must end after it starts.');
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY)
      throw new HttpError(
        400,
        'invalid_request',
        `A period may span at most ${MAX_PERIOD_DAYS} days.`,
      );
    return { from, to };
  }

  type Entry = Omit<
    AuditBody,
    'at' | 'source' | 'actor' | 'outcome' | 'outcomeReason' | 'resultCount'
  > & {
    resultCount?: number | null;
  };

  /** Runs an oversight operation and logs it, done or refused. */
  async function audited<T>(
    officer: AuthenticatedOfficer,
    roles: readonly Role[],
    entry: Entry,
    run: () => Promise<T> | T,
    after?: (value: T) => { resultCount?: number | null; parameters?: Record<string, unknown> },
  ): Promise<T> {
    const role = actingRole(officer, roles);
    try {
      const value = await run();
      const extra = after?.(value) ?? {};
      auditRequest(deps, officer, role, {
        ...entry,
        parameters: { ...entry.parameters, ...extra.parameters },
        resultCount: extra.resultCount ?? entry.resultCount ?? null,
        outcome: 'allowed',
        outcomeReason: null,
      });
      return value;
    } catch (error) {
      const refused =
        isDataError(error) ||
        error instanceof HttpError ||
        (error instanceof ApiError && error.code !== 'INTERNAL');
      auditRequest(deps, officer, role, {
        ...entry,
        justification: entry.justification || null,
        resultCount: null,
        outcome: refused ? 'denied' : 'error',
        outcomeReason: reasonOf(error),
      });
      throw error;
    }
  }

  const now = () => ctx.clock();
  const actx = (officer: AuthenticatedOfficer) => ({ officer: actorOf(officer), now: now() });
  const file = (
    filename: string,
    contentType: 'application/pdf' | 'text/csv',
    data: Buffer | string,
  ) => ({
    filename,
    contentType,
    base64: Buffer.from(data).toString('base64'),
  });

  // -------------------------------------------------------------------------
  // Extended access
  // -------------------------------------------------------------------------

  const READERS = ['detective', 'prosecutor', 'supervisor'] as const;

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/extended-access/requests',
      summary:
        'File a request for reads older than the normal window (detective, for an assigned case)',
      tags: ['extended-access'],
      security: { roles: ['detective'] },
      body: FileRequestBody,
      response: AccessRequest,
      status: 201,
    },
    async ({ officer, body }) => {
      const created = await audited(
        officer,
        ['detective'],
        {
          operation: 'alteration',
          action: 'extended-access.request',
          caseId: body.caseId,
          purpose: 'judicial',
          reasonCode: null,
          justification: body.justification,
          parameters: {
            plates: body.plates,
            area: body.area,
            periodFrom: body.periodFrom,
            periodTo: body.periodTo,
            urgency: body.urgency,
            offence: body.offence,
            legalBasis: body.legalBasis,
          },
          recipient: null,
        },
        () => store.fileRequest(actx(officer), body),
        (r) => ({ parameters: { requestId: r.id } }),
      );
      const c = await store.getCase(created.caseId);
      return requestView(created, directory(), c.number, now());
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/extended-access/requests',
      summary:
        'Extended-access requests: all for prosecutors and supervisors, those of assigned cases for detectives; urgent first, then oldest',
      tags: ['extended-access'],
      security: { roles: READERS },
      query: RequestListQuery,
      response: RequestList,
    },
    async ({ officer, query }) => {
      const at = now();
      const list = await store.listRequests(actx(officer), {
        status: query.status,
        urgency: query.urgency,
        caseId: query.caseId,
        createdBefore:
          query.minAgeDays !== undefined
            ? new Date(at.getTime() - query.minAgeDays * DAY).toISOString()
            : undefined,
        limit: query.limit,
      });
      const cases = await caseMap();
      const dir = directory();
      return {
        requests: list.map((r) => requestView(r, dir, cases.get(r.caseId)?.number ?? null, at)),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/extended-access/requests/:id',
      summary:
        'One request with its case, earlier requests of the case, and how many reads it would unlock (a count, never reads)',
      tags: ['extended-access'],
      security: { roles: READERS },
      params: IdParam,
      response: RequestDetail,
    },
    async ({ officer, params }) => {
      const detail = await audited(
        officer,
        READERS,
        {
          operation: 'consultation',
          action: 'extended-access.examine',
          caseId: requestCaseId(ctx.db, params.id),
          purpose: null,
          reasonCode: null,
          justification:
            'Examination of an extended-access request and of the number of reads it would unlock.',
          parameters: { requestId: params.id },
          recipient: null,
        },
        () => store.getRequestDetail(actx(officer), params.id),
        (d) => ({ resultCount: d.estimate.count, parameters: { caseId: d.request.caseId } }),
      );
      const dir = directory();
      const c = await store.getCase(detail.request.caseId);
      const at = now();
      return {
        request: requestView(detail.request, dir, c.number, at),
        case: caseContext(c, dir),
        earlierRequests: detail.earlierRequests.map((r) => requestView(r, dir, c.number, at)),
        estimate: detail.estimate,
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/extended-access/requests/:id/decision',
      summary:
        'Decide a pending request: approve, narrow (plates, area, period) or refuse, with written reasons and an expiry',
      tags: ['extended-access'],
      // Any reader may try; the data layer refuses all but the approving role, and the refusal is logged.
      security: { roles: READERS },
      params: IdParam,
      body: DecisionBody,
      response: AccessRequest,
    },
    async ({ officer, params, body }) => {
      const decided = await audited(
        officer,
        ['prosecutor', 'detective', 'supervisor'],
        {
          operation: 'alteration',
          action: 'extended-access.decision',
          caseId: requestCaseId(ctx.db, params.id),
          purpose: 'judicial',
          reasonCode: null,
          justification: body.reasons,
          parameters: { requestId: params.id, decision: body.decision },
          recipient: null,
        },
        () => store.decideRequest(actx(officer), params.id, body),
        (r) => ({
          parameters: {
            caseId: r.caseId,
            decisionId: r.decision?.id ?? null,
            plates: r.decision?.plates ?? null,
            area: r.decision?.area ?? null,
            periodFrom: r.decision?.periodFrom ?? null,
            periodTo: r.decision?.periodTo ?? null,
            expiresAt: r.decision?.expiresAt ?? null,
          },
        }),
      );
      const c = await store.getCase(decided.caseId);
      return requestView(decided, directory(), c.number, now());
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/extended-access/requests/:id/withdraw',
      summary: 'The requester withdraws a request nobody decided yet',
      tags: ['extended-access'],
      security: { roles: ['detective'] },
      params: IdParam,
      response: AccessRequest,
    },
    async ({ officer, params }) => {
      const r = await audited(
        officer,
        ['detective'],
        {
          operation: 'alteration',
          action: 'extended-access.withdraw',
          caseId: requestCaseId(ctx.db, params.id),
          purpose: 'judicial',
          reasonCode: null,
          justification: null,
          parameters: { requestId: params.id },
          recipient: null,
        },
        () => store.withdrawRequest(actx(officer), params.id),
      );
      const c = await store.getCase(r.caseId);
      return requestView(r, directory(), c.number, now());
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/extended-access/requests/:id/document',
      summary: 'The decision as a PDF document (base64 in JSON), for the case file',
      tags: ['extended-access'],
      security: { roles: READERS },
      params: IdParam,
      response: ReportFile,
    },
    async ({ officer, params }) =>
      audited(
        officer,
        READERS,
        {
          operation: 'disclosure',
          action: 'extended-access.document',
          caseId: requestCaseId(ctx.db, params.id),
          purpose: 'judicial',
          reasonCode: null,
          justification: 'Decision document on extended access, for the case file.',
          parameters: { requestId: params.id },
          recipient: `officer:${officer.id}`,
        },
        async () => {
          const detail = await store.getRequestDetail(actx(officer), params.id);
          const dir = directory();
          const c = await store.getCase(detail.request.caseId);
          const pdf = await renderDecisionPdf({
            request: requestView(detail.request, dir, c.number, now()),
            case: caseContext(c, dir),
            zone,
            generatedAt: now(),
            generatedBy: officer.displayName,
          });
          return file(
            `decision-${c.number.replace(/[^A-Za-z0-9]+/g, '-')}-${params.id.slice(0, 8)}.pdf`,
            'application/pdf',
            pdf,
          );
        },
      ),
  );

  // -------------------------------------------------------------------------
  // Postponement of deletion (dk)
  // -------------------------------------------------------------------------

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/postponements',
      summary: 'Extraordinary postponements of deletion (where the policy pack allows them)',
      tags: ['postponements'],
      security: { roles: ['commissioner', 'supervisor'] },
      response: PostponementList,
    },
    async () => {
      const rule = pack.retention.postponement;
      const dir = directory();
      return {
        available: rule !== null,
        decidedByRole: rule?.decidedByRole ?? null,
        postponements: rule
          ? (await store.listPostponements()).map((p) => postponementView(p, dir))
          : [],
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/postponements',
      summary:
        'Postpone deletion of a scope of reads until a date, with written reasons (the national police commissioner)',
      tags: ['postponements'],
      security: { roles: ['commissioner'] },
      body: PostponementBody,
      response: PostponementView,
      status: 201,
    },
    async ({ officer, body }) => {
      const p = await audited(
        officer,
        ['commissioner'],
        {
          operation: 'alteration',
          action: 'postponement.decision',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: body.reasons,
          parameters: { scope: body.scope, until: body.until },
          recipient: null,
        },
        () => store.postponeDeletion(actx(officer), body),
        (v) => ({ resultCount: v.readsAffected, parameters: { postponementId: v.id } }),
      );
      return postponementView(p, directory());
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/postponements/:id/document',
      summary: 'A postponement decision as a PDF document (base64 in JSON)',
      tags: ['postponements'],
      security: { roles: ['commissioner', 'supervisor'] },
      params: IdParam,
      response: ReportFile,
    },
    async ({ officer, params }) =>
      audited(
        officer,
        ['commissioner', 'supervisor'],
        {
          operation: 'disclosure',
          action: 'postponement.document',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: 'Decision document on a postponement of deletion, for the record.',
          parameters: { postponementId: params.id },
          recipient: `officer:${officer.id}`,
        },
        async () => {
          const p = (await store.listPostponements()).find((x) => x.id === params.id);
          if (!p) throw new HttpError(404, 'not_found', 'No such postponement.');
          const pdf = await renderPostponementPdf({
            postponement: postponementView(p, directory()),
            zone,
            generatedAt: now(),
            generatedBy: officer.displayName,
          });
          return file(`postponement-${p.id.slice(0, 8)}.pdf`, 'application/pdf', pdf);
        },
      ),
  );

  // -------------------------------------------------------------------------
  // Supervisor: officers, explorer, reveal, summary, activity
  // -------------------------------------------------------------------------

  const SUP = ['supervisor'] as const;
  const supervision = (action: string, parameters: Record<string, unknown>): Entry => ({
    operation: 'consultation',
    action,
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification: SUPERVISION,
    parameters,
    recipient: null,
  });

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/officers',
      summary: 'Officers (for the supervisor’s filters): ids, names, roles',
      tags: ['oversight'],
      security: { roles: [...SUP, 'prosecutor'] },
      response: OfficerList,
    },
    () => ({
      officers: ctx.identity.accounts.list().map((a) => ({
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        roles: a.roles,
      })),
    }),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/audit',
      summary:
        'Audit explorer over the platform chain and the workstations’ synced chains: filter by officer, case, period, operation, outcome; plates masked',
      tags: ['oversight'],
      security: { roles: SUP },
      query: AuditQuery,
      response: AuditPage,
    },
    async ({ officer, query }) => {
      const page = await audited(
        officer,
        SUP,
        supervision('oversight.audit-query', {
          // Canonical JSON has no `undefined`: keep only the filters given.
          filter: Object.fromEntries(
            Object.entries({ ...query, cursor: query.cursor ? 'next-page' : undefined }).filter(
              ([, v]) => v !== undefined,
            ),
          ),
        }),
        () =>
          audit.list({
            chain: query.chain,
            officerId: query.officerId,
            caseId: query.caseId,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
            operation: query.operation,
            outcome: query.outcome,
            limit: query.limit,
            cursor: query.cursor,
          }),
        (p) => ({ resultCount: p.entries.length }),
      );
      const vc = viewContext(await caseMap());
      return {
        entries: page.entries.map((item) => toView(toEntry(item), vc)),
        nextCursor: page.nextCursor,
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/audit/reveal',
      summary:
        'Reveal the plates an audit entry names (a logged consultation with its own justification)',
      tags: ['oversight'],
      security: { roles: SUP },
      body: RevealBody,
      response: RevealResult,
    },
    async ({ officer, body }) => {
      const entry = entriesByRef(ctx.db, [body.ref]).get(body.ref);
      return audited(
        officer,
        SUP,
        {
          operation: 'consultation',
          action: 'oversight.reveal-plate',
          caseId: entry?.body.caseId ?? null,
          purpose: null,
          reasonCode: null,
          justification: body.justification,
          parameters: { ref: body.ref, officerId: entry?.body.actor.officerId ?? null },
          recipient: null,
        },
        () => {
          if (!entry) throw new HttpError(404, 'not_found', 'No such audit entry.');
          return { ref: body.ref, plates: entry.plates.map(displayPlate) };
        },
        (r) => ({ resultCount: r.plates.length }),
      );
    },
  );

  /** Entries of the period plus the baseline weeks before it, officers' own only. */
  function periodEntries(from: Date, to: Date, officerId?: string): OversightEntry[] {
    return collectEntries(audit, {
      from: new Date(from.getTime() - BASELINE_WEEKS * 7 * DAY),
      to,
      ...(officerId ? { officerId } : {}),
    }).filter((e) => isOfficerEntry(e.body));
  }

  /** Workstation entries received in the period whose times cannot be right (#15), high severity first. */
  function entryTimesFlags(from: Date, to: Date, officerId?: string) {
    const findings = entryTimeFindings(ctx.db, { from, to, ...(officerId ? { officerId } : {}) });
    const names = new Map(
      ctx.identity.accounts.list().map((a) => [a.id, { username: a.username }]),
    );
    return entryTimeFlags(findings, names, OFFLINE_GRANT_MAX_MS / 3_600_000).sort(
      (a, b) => (a.severity === 'high' ? 0 : 1) - (b.severity === 'high' ? 0 : 1),
    );
  }

  function caseInfos(cases: ReadonlyMap<string, Case>): Map<string, CaseInfo> {
    return new Map([...cases].map(([id, c]) => [id, { number: c.number, scope: c.scope }]));
  }

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/summary',
      summary:
        'Per-officer activity and flags with plain explanations for a period (platform and workstation chains)',
      tags: ['oversight'],
      security: { roles: SUP },
      query: PeriodQuery,
      response: OversightSummary,
    },
    async ({ officer, query }) => {
      const { from, to } = period(query);
      const cases = await caseMap();
      return audited(
        officer,
        SUP,
        supervision('oversight.summary', { from: query.from, to: query.to }),
        () => {
          const entries = periodEntries(from, to);
          const dir = directory();
          const accounts = ctx.identity.accounts.list();
          const flags = computeFlags(entries, {
            from,
            to,
            zone,
            hours,
            officers: new Map(accounts.map((a) => [a.id, { username: a.username }])),
            cases: caseInfos(cases),
          });
          flags.push(...abandonedSampleFlags(entries, from, to, accounts));
          const byOfficer = new Map<string, OversightEntry[]>();
          for (const e of entries) {
            if (e.at < from) continue;
            const id = e.body.actor.officerId;
            byOfficer.set(id, [...(byOfficer.get(id) ?? []), e]);
          }
          // Every detective is listed, active or not: silence is information too.
          for (const a of accounts)
            if (a.roles.includes('detective') && !byOfficer.has(a.id)) byOfficer.set(a.id, []);
          flags.unshift(...entryTimesFlags(from, to));
          const officers = [...byOfficer].map(([id, list]) => {
            const { days, totals } = dailyActivity(list, { from, to, zone, hours });
            const mine = flags.filter((f) => f.officerId === id);
            return {
              officer: dir.officer(id),
              totals,
              queriesPerDay: days.map((d) => d.queries),
              flags: mine.length,
              highFlags: mine.filter((f) => f.severity === 'high').length,
            };
          });
          officers.sort(
            (a, b) =>
              b.highFlags - a.highFlags ||
              b.flags - a.flags ||
              b.totals.queries - a.totals.queries ||
              a.officer.username.localeCompare(b.officer.username),
          );
          return {
            from: from.toISOString(),
            to: to.toISOString(),
            zone,
            officeHours: describeOfficeHours(hours),
            officers,
            flags,
            entriesExamined: entries.filter((e) => e.at >= from).length,
          };
        },
        (s) => ({ resultCount: s.flags.length }),
      );
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/activity',
      summary:
        'One officer’s activity per day (queries, distinct plates and cases, exports, refusals), baseline and flags',
      tags: ['oversight'],
      security: { roles: SUP },
      query: ActivityQuery,
      response: OfficerActivity,
    },
    async ({ officer, query }) => {
      const { from, to } = period(query);
      const cases = await caseMap();
      return audited(
        officer,
        SUP,
        supervision('oversight.activity', {
          officerId: query.officerId,
          from: query.from,
          to: query.to,
        }),
        () => {
          const entries = periodEntries(from, to, query.officerId);
          const dir = directory();
          const inPeriod = entries.filter((e) => e.at >= from);
          const { days, totals } = dailyActivity(inPeriod, { from, to, zone, hours });
          const baseline = baselinePerDay(entries, from, zone);
          const who = dir.officer(query.officerId);
          return {
            officer: who,
            from: from.toISOString(),
            to: to.toISOString(),
            zone,
            days,
            totals,
            baseline: {
              weeks: BASELINE_WEEKS,
              queriesPerDay: Math.round((baseline.perDay ?? 0) * 10) / 10,
            },
            flags: [
              ...entryTimesFlags(from, to, who.id),
              ...computeFlags(entries, {
                from,
                to,
                zone,
                hours,
                officers: new Map([[who.id, { username: who.username }]]),
                cases: caseInfos(cases),
              }),
            ],
          };
        },
        (a) => ({ resultCount: a.totals.queries }),
      );
    },
  );

  // -------------------------------------------------------------------------
  // Sample checks
  // -------------------------------------------------------------------------

  /** Sample checks started in the period that were left open or started over (#15), judged now. */
  function abandonedSampleFlags(
    entries: readonly OversightEntry[],
    from: Date,
    to: Date,
    accounts: ReadonlyArray<{ id: string; username: string }>,
  ) {
    const refs = new Map<string, string[]>();
    for (const e of entries) {
      const id = e.body.parameters?.sampleId;
      if (typeof id !== 'string' || !/^oversight\.sample-(commit|draw)$/.test(e.body.action))
        continue;
      if (e.body.outcome === 'allowed') refs.set(id, [...(refs.get(id) ?? []), e.ref]);
    }
    const names = new Map(accounts.map((a) => [a.id, a.username]));
    // A check counts as re-drawn by any later check, also one started after the period.
    return sampleFlags(samples.list(1000), now(), {
      username: (id) => names.get(id) ?? id,
      refs: (id) => refs.get(id) ?? [],
      include: (s) => s.createdAt >= from && s.createdAt <= to,
    });
  }

  function candidatesFor(officerId: string, from: Date, to: Date): OversightEntry[] {
    return collectEntries(audit, { officerId, from, to }).filter(
      (e) => isOfficerEntry(e.body) && !e.body.action.startsWith('identity.'),
    );
  }

  async function fullSample(id: string) {
    const s = samples.get(id);
    const entries = entriesByRef(ctx.db, s.drawn);
    return sampleView(s, directory(), entries, viewContext(await caseMap()));
  }

  const sampleEntry = (
    action: string,
    parameters: Record<string, unknown>,
    justification: string | null = SUPERVISION,
  ): Entry => ({
    operation: 'alteration',
    action,
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification,
    parameters,
    recipient: null,
  });

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/samples',
      summary: 'Sample checks, newest first',
      tags: ['oversight'],
      security: { roles: SUP },
      response: SampleList,
    },
    () => {
      const dir = directory();
      return { samples: samples.list(200).map((s) => sampleSummary(s, dir)) };
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/samples-due',
      summary: 'Whether the weekly sample check is due',
      tags: ['oversight'],
      security: { roles: SUP },
      response: SampleDue,
    },
    () => {
      const last = samples.lastCompletedAt();
      const d = sampleDue(last, now());
      return {
        due: d.due,
        dueAt: d.dueAt.toISOString(),
        lastCompletedAt: last?.toISOString() ?? null,
        intervalDays: SAMPLE_INTERVAL_DAYS,
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/samples',
      summary:
        'Commit to a sample check: the candidate entries of an officer and period are fixed and sha256(seed) is logged before any draw',
      tags: ['oversight'],
      security: { roles: SUP },
      body: CreateSampleBody,
      response: SampleCheck,
      status: 201,
    },
    async ({ officer, body }) => {
      const p = period(body);
      const at = now();
      const to = p.to > at ? at : p.to;
      if (to <= p.from)
        throw new HttpError(400, 'invalid_request', 'The period must lie in the past.');
      if (body.officerId === officer.id)
        throw new HttpError(
          403,
          'forbidden',
          'You cannot run a sample check of your own activity.',
        );
      const s = await audited(
        officer,
        SUP,
        sampleEntry('oversight.sample-commit', {
          officerId: body.officerId,
          from: p.from.toISOString(),
          to: to.toISOString(),
          size: body.size,
        }),
        () => {
          const candidates = candidatesFor(body.officerId, p.from, to).map((e) => e.ref);
          return samples.create({
            officerId: body.officerId,
            from: p.from,
            to,
            size: body.size,
            createdBy: officer.id,
            now: at,
            candidates,
          });
        },
        (r) => ({
          resultCount: r.candidates.length,
          parameters: {
            sampleId: r.id,
            commitment: r.commitment,
            candidatesHash: r.candidatesHash,
          },
        }),
      );
      return fullSample(s.id);
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/samples/:id',
      summary:
        'One sample check: commitment, seed once drawn, drawn entries (plates masked), reviews',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      response: SampleCheck,
    },
    ({ params }) => fullSample(params.id),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/samples/:id/draw',
      summary:
        'Draw the committed sample with the supervisor’s value mixed into the committed seed, and reveal the seed',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      body: DrawBody,
      response: SampleCheck,
    },
    async ({ officer, params, body }) => {
      await audited(
        officer,
        SUP,
        sampleEntry('oversight.sample-draw', {
          sampleId: params.id,
          supervisorValue: body.supervisorValue,
        }),
        () => samples.draw(params.id, body.supervisorValue, now()),
        (s) => ({
          resultCount: s.drawn.length,
          parameters: {
            seed: s.seed,
            commitment: s.commitment,
            drawSeed: s.drawSeed,
            drawn: s.drawn,
          },
        }),
      );
      return fullSample(params.id);
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/samples/:id/reviews',
      summary:
        'Record a verdict (lawful, doubtful, unlawful) with a note on one drawn entry; earlier verdicts are kept',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      body: ReviewBody,
      response: SampleCheck,
    },
    async ({ officer, params, body }) => {
      await audited(
        officer,
        SUP,
        sampleEntry(
          'oversight.sample-review',
          { sampleId: params.id, ref: body.ref, verdict: body.verdict },
          body.note || null,
        ),
        () => samples.review(params.id, { ...body, by: officer.id, now: now() }),
      );
      return fullSample(params.id);
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/samples/:id/complete',
      summary: 'Close a sample check once every drawn entry has a verdict',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      response: SampleCheck,
    },
    async ({ officer, params }) => {
      await audited(
        officer,
        SUP,
        sampleEntry('oversight.sample-complete', { sampleId: params.id }),
        () => samples.complete(params.id, now()),
        (s) => ({
          parameters: {
            verdicts: s.reviews.reduce<Record<string, number>>((acc, r) => {
              acc[r.verdict] = (acc[r.verdict] ?? 0) + 1;
              return acc;
            }, {}),
          },
        }),
      );
      return fullSample(params.id);
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/oversight/samples/:id/reproduce',
      summary:
        'Repeat a draw from a seed: checks the seed against the commitment and the audit log against the committed candidates',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      body: ReproduceBody,
      response: ReproduceResult,
    },
    async ({ officer, params, body }) =>
      audited(
        officer,
        SUP,
        supervision('oversight.sample-reproduce', { sampleId: params.id }),
        () => {
          const s = samples.get(params.id);
          // Candidates as the audit log yields them now, independently of what was stored.
          const candidates = candidatesFor(s.officerId, s.from, s.to).map((e) => e.ref);
          const v = verifyDraw({
            commitment: s.commitment,
            platformSeed: body.seed.toLowerCase(),
            supervisorValue: body.supervisorValue ?? null,
            candidates,
            size: s.size,
            recorded: s.drawn,
          });
          return {
            commitmentMatches: v.commitmentMatches,
            drawSeed: v.drawSeed,
            candidatesMatch: candidatesHash(candidates) === s.candidatesHash,
            refs: v.refs,
            sameAsStored: v.sameAsRecorded,
          };
        },
        (r) => ({
          parameters: { commitmentMatches: r.commitmentMatches, sameAsStored: r.sameAsStored },
        }),
      ),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/samples/:id/report',
      summary: 'Report of a sample check as PDF or CSV (base64 in JSON); plates stay masked',
      tags: ['oversight'],
      security: { roles: SUP },
      params: IdParam,
      query: ReportFormatQuery,
      response: ReportFile,
    },
    async ({ officer, params, query }) =>
      audited(
        officer,
        SUP,
        {
          operation: 'disclosure',
          action: 'oversight.sample-report',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: 'Report of a random sample check of the audit log, for the record.',
          parameters: { sampleId: params.id, format: query.format },
          recipient: `officer:${officer.id}`,
        },
        async () => {
          const s = await fullSample(params.id);
          const name = `sample-check-${s.officer.username}-${s.id.slice(0, 8)}`;
          return query.format === 'csv'
            ? file(`${name}.csv`, 'text/csv', renderSampleCsv(s, zone))
            : file(
                `${name}.pdf`,
                'application/pdf',
                await renderSamplePdf({
                  sample: s,
                  zone,
                  generatedAt: now(),
                  generatedBy: officer.displayName,
                }),
              );
        },
        (f) => ({ resultCount: f.base64.length > 0 ? 1 : 0 }),
      ),
  );

  // -------------------------------------------------------------------------
  // Chain status
  // -------------------------------------------------------------------------

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/oversight/chains',
      summary:
        'Verify the platform’s audit chain and every workstation chain: gaps, and the first bad entry of a tampered chain',
      tags: ['oversight'],
      security: { roles: SUP },
      response: ChainStatusList,
    },
    async ({ officer }) =>
      audited(
        officer,
        SUP,
        supervision('oversight.chain-verify', {}),
        () => {
          const devices = deviceOfficers(ctx.db);
          const dir = directory();
          const gaps = audit.gaps();
          const officerOf = (deviceId: string): string | null => {
            const owner = devices.get(deviceId);
            return owner ? (dir.name(owner) ?? owner) : null;
          };
          const witnessView = (w: WitnessSummary) => ({
            count: w.count,
            consistent: w.consistent,
            firstInconsistency: w.firstInconsistency && {
              ...w.firstInconsistency,
              officer: officerOf(w.firstInconsistency.deviceId),
            },
          });
          return {
            checkedAt: now().toISOString(),
            chains: audit.verifyAll().map((c) => {
              const owner = devices.get(c.chain);
              return {
                chain: c.chain,
                kind: c.chain === 'platform' ? ('platform' as const) : ('workstation' as const),
                officer: owner ? (dir.name(owner) ?? owner) : null,
                ok: c.ok,
                count: c.count,
                headSeq: c.head?.seq ?? null,
                firstBadSeq: c.firstBadSeq ?? null,
                problem: c.problem ?? null,
                message: c.message ?? null,
                gaps: gaps
                  .filter((g) => g.deviceId === c.chain)
                  .map((g) => ({ fromSeq: g.fromSeq, toSeq: g.toSeq, detectedAt: g.detectedAt })),
                witnesses: c.witnesses ? witnessView(c.witnesses) : null,
              };
            }),
          };
        },
        (r) => ({ resultCount: r.chains.filter((c) => !c.ok).length }),
      ),
  );
};

import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AnalysisRun,
  RecipientRegister,
  type AgeGateWithheld,
  type AnalysisKind,
  type detectiveContract,
  type ExportResult,
  type ReadView,
} from '../../common/api/detective-contract.ts';
import { formatZodError, type Handlers } from '../../common/api/dispatch.ts';
import { ApiError } from '../../common/api/result.ts';
import type { AuditRecordInput } from './audit/audit-log.ts';
import type { Case } from '../../common/case.ts';
import { formatPlate, normalisePlate } from '../../common/plates.ts';
import {
  normalWindowStart,
  offenceTypeProblem,
  privateRecipientsAllowed,
  WITHHELD_REASON_PRIORITY,
  type WithheldReason,
} from '../../common/policy.ts';
import type { Camera } from '../../common/read.ts';
import {
  DisclosureRecord,
  recipientRefusal,
  RegisterList,
  type RegisterEntry,
} from '../../common/recipients-api.ts';
import { analyses } from './analyses/index.ts';
import { analysisView, createMasker, resultCount, type Masker } from './analysis-runs.ts';
import type { ExportRead } from './export/formats.ts';
import { reportOffence } from './export/pdf.ts';
import { writeExport } from './export/write-export.ts';
import type { CallContext, WorkstationServices } from './services.ts';
import type { AgeGate, AgeWithheld, AnalysisRecord, StoredRead } from './store/case-store.ts';
import type { RemoteCaseStore } from './store/client.ts';

/**
 * Handlers of the detective workspace: the case's reads for map, timeline and
 * table, the route analyses (run inside the storage worker, each one justified
 * and logged in the local audit chain, its result saved in the case), opening
 * a masked bystander plate (logged), and evidence exports (logged as
 * disclosures, never to a private party).
 */

/** Audit action names are lower-case dotted words. */
const ACTION: Record<AnalysisKind, string> = {
  plateSearch: 'analysis.plate-search',
  stakeout: 'analysis.stakeout',
  multiPlace: 'analysis.multi-place',
  convoy: 'analysis.convoy',
  locate: 'analysis.locate',
  impossibleJourneys: 'analysis.impossible-journeys',
  firstLastSeen: 'analysis.first-last-seen',
};

const RESULT_META = (runId: string) => `analysis-result:${runId}`;
const CAMERA_CACHE_MS = 15 * 60_000;
/** Workstation database setting holding the last recipient register fetched, for offline exports. */
const REGISTER_SETTING = 'recipient-register';
const StoredRegister = RecipientRegister.omit({ offline: true });
const NO_START = '2000-01-01T00:00:00.000Z';
const NO_END = '2100-01-01T00:00:00.000Z';

/** Plates the case pulled by name: its targets, shown in clear. */
export function targetsOfPulls(pulls: ReadonlyArray<{ params: unknown }>): string[] {
  const out = new Set<string>();
  for (const p of pulls) {
    const query = (p.params as { query?: { kind?: string; plates?: unknown } } | null)?.query;
    if (query?.kind !== 'plates' || !Array.isArray(query.plates)) continue;
    for (const plate of query.plates) {
      if (typeof plate === 'string' && !/[?*]/.test(plate)) out.add(normalisePlate(plate));
    }
  }
  return [...out].sort();
}

/** Plates the officer named in an analysis' parameters: not bystanders of that run. */
function namedPlates(params: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof params.plate === 'string') out.push(params.plate);
  if (Array.isArray(params.plates))
    for (const p of params.plates) if (typeof p === 'string') out.push(p);
  return out.map(normalisePlate);
}

/**
 * What the age gate hid, for the officer: the main reason (the most frequent,
 * ties by the order the platform uses) and a sentence without any read's content.
 */
export function describeAgeWithheld(w: AgeWithheld, gate: AgeGate): AgeGateWithheld {
  let reason: WithheldReason | null = null;
  for (const r of WITHHELD_REASON_PRIORITY) {
    const n = w.byReason[r] ?? 0;
    if (n > 0 && (reason === null || n > (w.byReason[reason] ?? 0))) reason = r;
  }
  if (w.count === 0 || reason === null) return { count: 0, reason: null, message: null };
  const reads = `${w.count} ${w.count === 1 ? 'read is' : 'reads are'}`;
  const start = normalWindowStart(gate.pack, new Date(gate.now), gate.purpose);
  const utc = start.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const approver = gate.pack.consultation.extendedAccess?.approverRole ?? 'prosecutor';
  const why: Record<WithheldReason, string> = {
    'needs-extended-access': `captured before ${utc} and need an approved extended-access decision by a ${approver}, held on this workstation (it is pulled with the case)`,
    'approval-expired': 'covered only by an extended-access approval that has expired',
    'outside-approved-period': "outside the capture period of the case's approvals",
    'administrative-window': 'older than the administrative window',
    'beyond-retention':
      'past their deletion deadline or beyond the longest look-back the law allows',
  };
  return { count: w.count, reason, message: `${reads} hidden by the age gate: ${why[reason]}.` };
}

function addWithheld(a: AgeWithheld, b: AgeWithheld): AgeWithheld {
  const byReason = { ...a.byReason };
  for (const [r, n] of Object.entries(b.byReason) as Array<[WithheldReason, number]>)
    byReason[r] = (byReason[r] ?? 0) + n;
  return { count: a.count + b.count, byReason };
}

interface StoredSummary {
  summary: Record<string, unknown>;
  resultCount: number;
  /** Kept with the run's summary (no case-store column): runs saved before #15 have none. */
  offenceType?: string;
  officer: string;
}

function toRun(caseId: string, r: AnalysisRecord): AnalysisRun {
  const s = (r.resultSummary ?? {}) as Partial<StoredSummary>;
  return AnalysisRun.parse({
    id: r.id,
    caseId,
    kind: r.kind,
    params: (r.params ?? {}) as Record<string, unknown>,
    offenceType: s.offenceType ?? null,
    reasonCode: r.reason,
    justification: r.justification,
    officer: s.officer ?? '',
    createdAt: r.createdAt,
    summary: s.summary ?? {},
    resultCount: s.resultCount ?? 0,
  });
}

export function detectiveHandlers(
  s: WorkstationServices,
): Handlers<typeof detectiveContract, CallContext> {
  // Keys bystander plates for this run of the workstation (see analysis-runs.ts).
  const secret = randomBytes(32);
  let cameraCache: { officerId: string; cameras: Camera[]; fetchedAt: string } | null = null;

  const detective = () => s.session.requireOfficer(['detective']);

  /** The platform's offence-type check, run here too: a type the case's purpose does not allow is refused. */
  function requireOffenceType(c: Case, offenceType: string | undefined): string {
    if (!offenceType)
      throw new ApiError('INVALID_ARGUMENT', 'Pick the offence type this query is made for.');
    const problem = offenceTypeProblem(s.pack, c.purpose, offenceType);
    if (problem) throw new ApiError('INVALID_ARGUMENT', problem);
    return offenceType;
  }

  /**
   * Consultations of a case's reads already logged, by view session and
   * filter: the case view asks again when a pull ends or the officer comes
   * back to the tab, and that is still the one consultation (art. 25 logs the
   * act, not every repaint). Bounded, oldest forgotten first.
   */
  const consulted = new Set<string>();
  async function logConsultation(
    c: Case,
    viewSession: string | undefined,
    filter: { from: string | null; to: string | null; limit: number },
    pullIds: string[],
    resultCount: number,
  ): Promise<void> {
    const me = detective();
    const key = JSON.stringify([me.id, c.id, viewSession ?? null, filter]);
    if (viewSession !== undefined && consulted.has(key)) return;
    await s.officer.record({
      operation: 'consultation',
      action: 'case.consult',
      caseId: c.id,
      purpose: c.purpose,
      reasonCode: null,
      // The reads were pulled under the case's own justified pulls; viewing them is justified by the case.
      // Case number, offence and legal basis are bounded (64 + 200 + 300): within the 2,000 allowed.
      justification: `Viewing the reads held for case ${c.number} (${c.offence}; ${c.legalBasis}) on the map, in the table and on the timeline.`,
      parameters: { viewSession: viewSession ?? null, filter, pulls: pullIds },
      resultCount,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    });
    if (viewSession === undefined) return;
    consulted.add(key);
    if (consulted.size > 1000) consulted.delete(consulted.values().next().value!);
  }

  /** The pulls that delivered these reads (by id), in first-seen order. */
  async function pullsOfReads(store: RemoteCaseStore, ids: readonly string[]): Promise<string[]> {
    const pulls = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      for (const r of await store.readsByIds(ids.slice(i, i + 1000)))
        if (r.pullId !== null) pulls.add(r.pullId);
    }
    return [...pulls];
  }

  /**
   * The age gate of a query on this case, at the workstation's clock now:
   * evaluated when the reads are served, so time passing hides them without a purge.
   */
  const gateOf = (c: Case): AgeGate => ({
    now: s.clock().toISOString(),
    purpose: c.purpose,
    pack: s.pack,
  });

  async function cameras(refresh = false) {
    const me = detective();
    // Outages change during the day: a cached list is used for a quarter of an hour at most.
    const fresh =
      cameraCache !== null &&
      s.clock().getTime() - Date.parse(cameraCache.fetchedAt) < CAMERA_CACHE_MS;
    if (!refresh && cameraCache?.officerId === me.id && fresh) return cameraCache;
    cameraCache = {
      officerId: me.id,
      cameras: await s.platform.cameras(),
      fetchedAt: s.clock().toISOString(),
    };
    return cameraCache;
  }

  /**
   * The recipient register: asked of the platform whenever it is reachable
   * (an entry retired there must not be picked here), kept in the workstation
   * database with its fetch time for offline work, and that copy used when
   * the platform cannot be reached.
   */
  async function recipientRegister(): Promise<RecipientRegister> {
    detective();
    const db = await s.stores.openWorkstation();
    try {
      const { recipients } = await s.platform.request('GET', '/api/v1/recipients', RegisterList);
      const fresh = { recipients, fetchedAt: s.clock().toISOString() };
      await db.setSetting(REGISTER_SETTING, fresh, s.clock());
      return { ...fresh, offline: false };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'UNAVAILABLE') throw error;
      const held = StoredRegister.safeParse(await db.getSetting(REGISTER_SETTING));
      if (!held.success)
        throw new ApiError(
          'UNAVAILABLE',
          'The recipient register cannot be fetched from the platform and no copy is held on this workstation: connect to the platform once to export.',
        );
      return { ...held.data, offline: true };
    }
  }

  /** The case (assignment checked by the platform) and its local store, which must exist. */
  async function openCase(caseId: string): Promise<{ c: Case; store: RemoteCaseStore }> {
    const c = await s.cases.caseOf(caseId);
    if (!(await s.stores.listLocal()).includes(caseId)) {
      throw new ApiError(
        'PRECONDITION_FAILED',
        'No reads of this case are held on this workstation yet: add data to the case first.',
      );
    }
    return { c, store: await s.stores.open(caseId) };
  }

  async function maskerFor(store: RemoteCaseStore, extra: string[] = []): Promise<Masker> {
    return createMasker(secret, [...targetsOfPulls(await store.listPulls()), ...extra]);
  }

  /** Refused attempts are logged too: supervisors look for them. */
  async function guarded<T>(
    entry: Omit<AuditRecordInput, 'actor' | 'outcome' | 'outcomeReason' | 'resultCount'>,
    work: () => Promise<{
      value: T;
      resultCount: number;
      parameters?: Record<string, unknown>;
      /** Takes back what the work left behind if it cannot be logged (an export's files). */
      undo?: () => Promise<void>;
    }>,
  ): Promise<T> {
    try {
      await s.officer.assertCanQuery();
    } catch (error) {
      await s.officer.record({
        ...entry,
        resultCount: null,
        outcome: 'denied',
        outcomeReason: (error as Error).message.slice(0, 500),
      });
      throw error;
    }
    const done = await work();
    try {
      await s.officer.record({
        ...entry,
        parameters: { ...entry.parameters, ...done.parameters },
        resultCount: done.resultCount,
        outcome: 'allowed',
        outcomeReason: null,
      });
    } catch (error) {
      await done.undo?.().catch(() => {});
      throw error;
    }
    return done.value;
  }

  async function findRun(store: RemoteCaseStore, caseId: string, runId: string) {
    const record = (await store.listAnalyses()).find((a) => a.id === runId);
    if (!record) throw new ApiError('NOT_FOUND', 'No such analysis run in this case.');
    return toRun(caseId, record);
  }

  function toReadView(r: StoredRead, masker: Masker): ReadView {
    const masked = !masker.isTarget(r.plate);
    return {
      id: r.id,
      vehicle: masker.keyOf(r.plate),
      display: masked ? masker.displayOf(r.plate) : formatPlate(r.plate, r.country),
      masked,
      country: r.country,
      capturedAt: r.capturedAt,
      lat: r.lat,
      lon: r.lon,
      unitId: r.unitId,
      direction: r.direction,
      heading: r.heading,
      lane: r.lane,
      confidence: r.confidence,
      alternatives: masked ? [] : r.alternatives,
      hit: r.hit,
      hitCategory: r.hitCategory,
      hitListId: r.hitListId ?? null,
      approvalId: r.approvalId,
    };
  }

  return {
    'detective.mapConfig': () => {
      detective();
      return {
        basemap: s.settings.mapBasemap(),
        privateRecipientsAllowed: privateRecipientsAllowed(s.pack),
        disclosureRule: s.pack.disclosure.description,
      };
    },

    'detective.recipients': () => recipientRegister(),

    'detective.cameras': async ({ refresh }) => {
      const { cameras: list, fetchedAt } = await cameras(refresh);
      return { cameras: list, fetchedAt };
    },

    'detective.reads': async ({ caseId, from, to, limit, viewSession }) => {
      detective();
      const { c, store } = await openCase(caseId);
      const gate = gateOf(c);
      const window = { from: from ?? NO_START, to: to ?? NO_END };
      const [reads, total, withheld, pulls] = await Promise.all([
        store.readsInWindow({ ...window, limit: limit + 1 }, gate),
        store.readCount(gate),
        store.ageWithheld(gate, window),
        store.listPulls(),
      ]);
      const targets = targetsOfPulls(pulls);
      const masker = createMasker(secret, targets);
      const shown = reads.slice(0, limit);
      await logConsultation(
        c,
        viewSession,
        { from: from ?? null, to: to ?? null, limit },
        pulls.map((p) => p.id),
        shown.length,
      );
      return {
        reads: shown.map((r) => toReadView(r, masker)),
        total,
        withheld: describeAgeWithheld(withheld, gate),
        truncated: reads.length > limit,
        targets,
      };
    },

    'detective.analyze': async ({
      caseId,
      kind,
      params,
      offenceType: offence,
      reasonCode,
      justification,
    }) => {
      const me = detective();
      const { c, store } = await openCase(caseId);
      const offenceType = requireOffenceType(c, offence);
      const caseTargets = targetsOfPulls(await store.listPulls());
      // Locate counts hours in the officer's zone unless the run names one.
      const withZone =
        kind === 'locate' && params.timeZone === undefined
          ? { ...params, timeZone: s.settings.get().timeZone }
          : params;
      // Area searches mask everyone who is not a target of the case.
      const withTargets =
        kind === 'stakeout' || kind === 'multiPlace'
          ? {
              ...params,
              targets: [
                ...new Set([
                  ...caseTargets,
                  ...((Array.isArray(params.targets) ? params.targets : []) as string[]),
                ]),
              ],
            }
          : withZone;
      const parsed = analyses[kind].params.safeParse(withTargets);
      if (!parsed.success)
        throw new ApiError(
          'INVALID_ARGUMENT',
          `Invalid ${kind} parameters: ${formatZodError(parsed.error)}`,
        );
      const runParams = parsed.data as Record<string, unknown>;
      const runId = randomUUID();
      const gate = gateOf(c);
      const { result, record, withheld } = await guarded(
        {
          operation: 'consultation',
          action: ACTION[kind],
          caseId: c.id,
          purpose: c.purpose,
          reasonCode,
          justification,
          parameters: { kind, runId, params: runParams, offenceType },
          recipient: null,
        },
        async () => {
          const ran = await store.runAnalysis(kind, runParams, gate);
          const parsed = (analyses[kind].result as { parse(v: unknown): unknown }).parse(
            ran.result,
          );
          const count = resultCount(kind, parsed);
          const summary = (parsed as { summary: Record<string, unknown> }).summary;
          const saved: AnalysisRecord = {
            id: runId,
            kind,
            params: runParams,
            reason: reasonCode,
            justification,
            createdAt: s.clock().toISOString(),
            resultSummary: { summary, resultCount: count, officer: me.username, offenceType },
          };
          return {
            value: { result: parsed, record: saved, withheld: ran.withheld },
            resultCount: count,
            parameters: { kind, runId, params: runParams, ageWithheld: ran.withheld.count },
          };
        },
      );
      // Saved in the case once the run is logged: a result nobody may see is not kept.
      await store.recordAnalysis(record);
      await store.setMeta(RESULT_META(runId), result);
      const masker = createMasker(secret, [...caseTargets, ...namedPlates(runParams)]);
      const view = analysisView(toRun(c.id, record), result, masker);
      // Art. 25 names combination: a result built from the reads of several pulls is logged as one.
      const combined = await pullsOfReads(
        store,
        view.sightings.map((x) => x.id),
      );
      if (combined.length > 1) {
        await s.officer.record({
          operation: 'combination',
          action: 'analysis.combination',
          caseId: c.id,
          purpose: c.purpose,
          reasonCode,
          justification,
          parameters: { runId, kind, offenceType, combination: { pulls: combined, cases: [c.id] } },
          resultCount: view.sightings.length,
          outcome: 'allowed',
          outcomeReason: null,
          recipient: null,
        });
      }
      return {
        ...view,
        withheld: describeAgeWithheld(withheld, gate),
      };
    },

    'detective.runs': async ({ caseId }) => {
      detective();
      const { c, store } = await openCase(caseId);
      return {
        runs: (await store.listAnalyses()).map((r) => toRun(c.id, r)).reverse(),
      };
    },

    'detective.openRun': async ({ caseId, runId }) => {
      detective();
      const { c, store } = await openCase(caseId);
      const run = await findRun(store, c.id, runId);
      const saved = await store.getMeta(RESULT_META(runId));
      if (saved === null)
        throw new ApiError('NOT_FOUND', 'The result of this run is no longer held in the case.');
      const result = (analyses[run.kind].result as { parse(v: unknown): unknown }).parse(saved);
      const view = analysisView(run, result, await maskerFor(store, namedPlates(run.params)));
      // A saved result is shown again only while the age gate still lets every
      // read it refers to through; otherwise it would show reads now hidden.
      const gate = gateOf(c);
      const ids = view.sightings.map((x) => x.id);
      for (let i = 0; i < ids.length; i += 1000) {
        const part = ids.slice(i, i + 1000);
        if ((await store.readsByIds(part, gate)).length < part.length) {
          throw new ApiError(
            'PRECONDITION_FAILED',
            'This saved result refers to reads the age gate now hides (older than the consultation window, ' +
              'with no approval held here that covers them): run the analysis again.',
          );
        }
      }
      return guarded(
        {
          operation: 'consultation',
          action: 'analysis.reopen',
          caseId: c.id,
          purpose: c.purpose,
          reasonCode: run.reasonCode,
          justification: run.justification,
          parameters: { runId, kind: run.kind, offenceType: run.offenceType },
          recipient: null,
        },
        async () => ({
          value: { ...view, withheld: describeAgeWithheld({ count: 0, byReason: {} }, gate) },
          resultCount: run.resultCount,
        }),
      );
    },

    'detective.revealPlate': async ({
      caseId,
      readId,
      runId,
      offenceType,
      reasonCode,
      justification,
    }) => {
      detective();
      const { c, store } = await openCase(caseId);
      let why: { reasonCode: string; justification: string };
      let offence: string | null;
      if (reasonCode && justification) {
        why = { reasonCode, justification };
        offence = requireOffenceType(c, offenceType);
      } else if (runId) {
        const run = await findRun(store, c.id, runId);
        why = { reasonCode: run.reasonCode, justification: run.justification };
        offence = run.offenceType;
      } else {
        throw new ApiError(
          'INVALID_ARGUMENT',
          'Say why the plate is opened: give a reason and justification, or the analysis run it appeared in.',
        );
      }
      const [read] = await store.readsByIds([readId], gateOf(c));
      if (!read) {
        if ((await store.readsByIds([readId])).length > 0)
          throw new ApiError(
            'PRECONDITION_FAILED',
            'This read is hidden by the age gate: it is older than the consultation window and no approval held here covers it.',
          );
        throw new ApiError('NOT_FOUND', 'No such read in this case.');
      }
      return guarded(
        {
          operation: 'consultation',
          action: 'case.reveal-plate',
          caseId: c.id,
          purpose: c.purpose,
          ...why,
          parameters: { readId, runId: runId ?? null, offenceType: offence },
          recipient: null,
        },
        async () => {
          const masker = await maskerFor(store);
          return {
            value: {
              vehicle: masker.keyOf(read.plate),
              plate: read.plate,
              display: formatPlate(read.plate, read.country),
            },
            resultCount: 1,
          };
        },
      );
    },

    'detective.export': async (input) => {
      const me = detective();
      const { c, store } = await openCase(input.caseId);
      // The recipient is a register entry, picked by id: its kind decides, not its name.
      const register = await recipientRegister();
      const registered: RegisterEntry | undefined = register.recipients.find(
        (r) => r.id === input.recipientId,
      );
      const recipient = {
        id: input.recipientId,
        kind: registered?.kind ?? 'unregistered',
        name: registered?.name ?? input.recipientId,
        country: registered?.country ?? null,
        reference: input.reference,
      };
      const recipientLabel = `${recipient.kind}: ${recipient.name}${
        recipient.reference ? ` (ref. ${recipient.reference})` : ''
      }`.slice(0, 200);
      const plates = [...new Set(input.plates.map(normalisePlate))];
      const exportId = randomUUID();
      const offenceType = requireOffenceType(c, input.offenceType);
      const parameters = {
        exportId,
        offenceType,
        formats: input.formats,
        plates,
        from: input.from ?? null,
        to: input.to ?? null,
        runId: input.runId ?? null,
        recipientId: recipient.id,
        recipientKind: recipient.kind,
        recipientCountry: recipient.country,
        registerFetchedAt: register.fetchedAt,
      };
      const entry = {
        operation: 'disclosure' as const,
        action: 'case.export',
        caseId: c.id,
        purpose: c.purpose,
        reasonCode: input.reasonCode,
        justification: input.justification,
        parameters,
        recipient: recipientLabel,
      };
      const refusal = registered
        ? recipientRefusal(registered, privateRecipientsAllowed(s.pack))
        : `Export refused: "${input.recipientId}" is not in the recipient register${
            register.offline ? ` (copy of ${register.fetchedAt.slice(0, 16)} UTC)` : ''
          }. Pick a registered authority, or ask an administrator to register it.`;
      if (refusal) {
        // A refused disclosure is itself logged, naming who asked and for whom.
        await s.officer.record({
          ...entry,
          resultCount: null,
          outcome: 'denied',
          outcomeReason: refusal,
        });
        throw new ApiError('FORBIDDEN', refusal);
      }
      const run = input.runId ? await findRun(store, c.id, input.runId) : null;

      const done = await guarded(entry, async () => {
        const reads: StoredRead[] = [];
        const gate = gateOf(c);
        let hidden: AgeWithheld = { count: 0, byReason: {} };
        for (const plate of plates) {
          const period = {
            ...(input.from ? { from: input.from } : {}),
            ...(input.to ? { to: input.to } : {}),
          };
          reads.push(...(await store.readsByPlate({ plate, ...period, limit: 200_000 }, gate)));
          hidden = addWithheld(hidden, await store.ageWithheld(gate, { plate, ...period }));
        }
        if (reads.length === 0) {
          throw new ApiError(
            'PRECONDITION_FAILED',
            'Nothing to export: the case holds no reads of these plates in this period.',
          );
        }
        reads.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || (a.id < b.id ? -1 : 1));
        // Camera sites make the files readable; without the platform the ids still identify them.
        const cams = await cameras()
          .then((x) => x.cameras)
          .catch(() => [] as Camera[]);
        const byId = new Map(cams.map((cam) => [cam.id, cam]));
        const rows: ExportRead[] = reads.map((read) => ({ read, camera: byId.get(read.unitId) }));
        const pullApprovals = (await store.listPulls()).flatMap(
          (p) => ((p.params as { approvals?: string[] } | null)?.approvals ?? []) as string[],
        );
        const approvals = [
          ...new Set([
            ...reads.map((r) => r.approvalId).filter((a): a is string => a !== null),
            ...pullApprovals,
          ]),
        ].sort();
        const now = s.clock();
        const written = await writeExport({
          exportsRoot: join(s.config.dataDir, 'exports'),
          caseId: c.id,
          exportId,
          now,
          formats: input.formats,
          rows,
          timeZone: s.settings.get().timeZone,
          report: {
            appVersion: s.config.version,
            case: {
              number: c.number,
              title: c.title,
              offence: c.offence,
              legalBasis: c.legalBasis,
              purpose: c.purpose,
            },
            officer: {
              displayName: me.displayName,
              username: me.username,
              id: me.id,
              role: me.activeRole,
            },
            recipient: {
              kind: recipient.kind,
              name: recipient.name,
              reference: recipient.reference ?? '',
            },
            offenceType: reportOffence(s.pack, offenceType),
            reasonCode: input.reasonCode,
            justification: input.justification,
            selection: { plates, from: input.from ?? null, to: input.to ?? null },
            run: run && {
              ...run,
              offenceType: run.offenceType ? reportOffence(s.pack, run.offenceType) : null,
            },
            approvals,
            map: input.mapImage
              ? { mime: input.mapImage.mime, data: Buffer.from(input.mapImage.base64, 'base64') }
              : null,
          },
          manifestInfo: {
            recipient: {
              id: recipient.id,
              country: recipient.country,
              kind: recipient.kind,
              name: recipient.name,
              reference: recipient.reference,
            },
            officer: { id: me.id, username: me.username, displayName: me.displayName },
            reasonCode: input.reasonCode,
            justification: input.justification,
            runId: input.runId ?? null,
            approvals,
          },
        });
        const result: ExportResult = {
          exportId,
          directory: written.directory,
          files: written.files,
          manifest: written.manifest,
          reads: reads.length,
          withheld: describeAgeWithheld(hidden, gate),
          recipient: recipientLabel,
          createdAt: now.toISOString(),
        };
        return {
          value: result,
          resultCount: reads.length,
          parameters: {
            ...parameters,
            ageWithheld: hidden.count,
            files: written.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
          },
          // A disclosure that could not be logged must not leave its files behind.
          undo: () => rm(written.directory, { recursive: true, force: true }),
        };
      });
      // Logged locally first (above); the platform also records it against the
      // register entry. Offline, the local entry's upload tells it later.
      const platformRecorded = await s.platform
        .request('POST', '/api/v1/disclosures', DisclosureRecord, {
          exportId,
          recipientId: recipient.id,
          caseId: c.id,
          reads: done.reads,
          disclosedAt: done.createdAt,
        })
        .then(() => true)
        .catch(() => false);
      return { ...done, platformRecorded };
    },
  };
}

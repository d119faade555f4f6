import type { PullStatus, StartPull } from '../../common/api/contract.ts';
import { ApiError } from '../../common/api/result.ts';
import type { Case } from '../../common/case.ts';
import { lookalikeKey } from '../../common/plates.ts';
import { offenceTypeProblem, type PolicyPack } from '../../common/policy.ts';
import { retentionFor } from './retention/retention.ts';
import type { UnitType } from '../../common/read.ts';
import { CaseApprovals, cursorOf, type PullCreated } from '../../common/platform-api.ts';
import type { PlatformClient } from './platform-client.ts';
import { movingRate, secondsLeft, trimSamples, type ProgressSample } from './pull-rate.ts';
import type { CaseRead, InvalidRecord, PullState } from './store/case-store.ts';
import type { CaseStores } from './store/case-stores.ts';

/**
 * Case pulls: "add data to this case". The platform's legal gate decides what
 * comes back; this module streams it into the case's encrypted store.
 *
 * Guarantees:
 * - every batch is committed together with its cursor, so after a dropped
 *   network or a killed process the pull resumes exactly after the last
 *   committed read (the platform streams in (capturedAt, id) order);
 * - a read is stored once whatever is retried (ids are unique in the store);
 * - every record is schema-validated; invalid ones are counted and reported
 *   with their line number and reason, never silently dropped.
 */
export interface PullDeps {
  stores: CaseStores;
  platform: PlatformClient;
  clock: () => Date;
  /** The policy pack in force: caps how long a pulled read may stay here. */
  pack: PolicyPack;
  /** Reads committed per transaction at most: large enough for throughput, small enough to lose little on a crash. */
  batchSize?: number;
  /**
   * A batch is also committed once this long (on `clock`) has passed since the
   * last one was handed over, however small: progress (and the resume point)
   * moves from the first second, not only after `batchSize` reads.
   */
  flushEveryMs?: number;
  /** Retries after a dropped connection before the pull is marked failed (the officer can still resume). */
  maxRetries?: number;
  retryDelayMs?: (attempt: number) => number;
  /** Called once per pull when it ends, for the local audit chain. */
  onFinished?: (pull: PullStatus, c: Case) => void | Promise<void>;
}

interface Runner {
  caseId: string;
  controller: AbortController;
  state: PullStatus['state'];
  error: string | null;
  invalidSamples: PullStatus['invalidSamples'];
  withheld: PullCreated['withheld'];
  /** For rate/ETA: records handled by each commit of this run, and when (see pull-rate.ts). */
  samples: ProgressSample[];
  done: Promise<void>;
}

const MAX_SAMPLES = 20;

export function createPullManager(deps: PullDeps) {
  const { stores, platform, clock } = deps;
  const batchSize = deps.batchSize ?? 5000;
  const flushEveryMs = deps.flushEveryMs ?? 500;
  const maxRetries = deps.maxRetries ?? 5;
  const retryDelay =
    deps.retryDelayMs ?? ((attempt: number) => Math.min(30_000, 500 * 2 ** attempt));
  const runners = new Map<string, Runner>();
  /** Invalid-line samples per pull, kept after the pull ends so the officer can still see them. */
  const samples = new Map<string, PullStatus['invalidSamples']>();

  /**
   * The platform says how long a read may be kept (policy pack, approval
   * expiry, targeted operations it knows about). The workstation applies its
   * own pack too and keeps the earlier deadline, so a platform error can
   * never make a read live longer here than the law allows. Whether a no-hit
   * read came from a targeted operation is not known here: assume it did
   * (the longer no-hit deadline), leaving the platform's date to decide.
   */
  const localDeadline = (
    read: { capturedAt: string; hit: boolean; hitCategory: number | null; unitType: UnitType },
    platformDeadline: string,
  ): string => {
    const ours = retentionFor(deps.pack, { ...read, targetedOperation: !read.hit });
    return Date.parse(ours) < Date.parse(platformDeadline) ? ours : platformDeadline;
  };

  const toStatus = (caseId: string, p: PullState, runner: Runner | undefined): PullStatus => {
    const stored = p.received - p.duplicates - p.alreadyHeld;
    const rate = runner ? movingRate(runner.samples, clock().getTime()) : 0;
    const total = p.total ?? 0;
    const handled = handledOf(p);
    let state: PullStatus['state'];
    let error = p.error;
    if (runner) state = runner.state;
    else if (p.status === 'running') {
      // Marked running in the store but nobody is pulling: the workstation stopped mid-pull.
      state = 'failed';
      error ??=
        'Interrupted: the workstation stopped during this pull. Resume continues after the last stored read.';
    } else state = p.status;
    const params = p.params as { withheld?: PullCreated['withheld'] } | null;
    const withheld = runner?.withheld ??
      params?.withheld ?? { count: 0, reason: null, message: null };
    return {
      pullId: p.id,
      caseId,
      state,
      total,
      offered: total + withheld.count,
      received: handled,
      stored,
      duplicates: p.duplicates,
      alreadyHeld: p.alreadyHeld,
      invalid: p.invalid,
      invalidSamples: runner?.invalidSamples ?? samples.get(p.id) ?? [],
      withheld,
      ratePerSecond: rate,
      etaSeconds: secondsLeft(total - handled, rate),
      error: runner?.error ?? error,
      startedAt: new Date(p.startedAt).toISOString(),
      updatedAt: new Date(p.updatedAt).toISOString(),
      hits: p.hits,
    };
  };

  async function run(c: Case, pullId: string, runner: Runner): Promise<void> {
    const store = await stores.open(c.id);
    let attempt = 0;
    for (;;) {
      let inFlight: Promise<unknown> | null = null;
      // Hand-overs run one after the other, whoever asks (the stream loop or the timer).
      let handing: Promise<void> = Promise.resolve();
      let timer: ReturnType<typeof setInterval> | undefined;
      try {
        const state = await store.pullState(pullId);
        if (!state) throw new ApiError('NOT_FOUND', 'This pull is not known to the case store.');
        const after = typeof state.cursor === 'string' ? state.cursor : null;
        let batch: CaseRead[] = [];
        let invalid: InvalidRecord[] = [];
        let last: string | null = null;
        let handedAt = clock().getTime();
        // One batch may be committing in the worker while the next is read from
        // the network: the two overlap, but commits (each with its cursor) stay
        // strictly in order, because a batch is handed over only after the
        // previous one is committed (and never after one that failed: the chain
        // of hand-overs stops at the first failure).
        const handOver = async () => {
          await inFlight;
          if (!batch.length && !invalid.length) return;
          // Invalid lines without a following valid read keep the previous cursor.
          handedAt = clock().getTime();
          inFlight = store
            .insertReads(batch, pullId, last ?? after, { now: clock(), invalid })
            .then((r) => {
              const at = clock().getTime();
              runner.samples.push({ at, count: handledOf(r.pull) });
              runner.samples = trimSamples(runner.samples, at);
            });
          // Observed here so a failure while the stream is also failing is never
          // an unhandled rejection; the next await still throws it.
          inFlight.catch(() => {});
          batch = [];
          invalid = [];
        };
        const flush = () => (handing = handing.then(handOver));
        const due = () => clock().getTime() - handedAt >= flushEveryMs;
        const drain = async () => {
          await flush();
          await inFlight;
        };
        // Reads that arrived just before the platform paused (between its pages,
        // on a slow link) are committed, and counted, without waiting for more.
        timer = setInterval(() => {
          if (due()) flush().catch(() => {});
        }, flushEveryMs);
        runner.state = 'running';
        for await (const item of platform.streamPull(pullId, after, runner.controller.signal)) {
          if ('invalid' in item) {
            invalid.push({ index: item.invalid.lineNumber, reason: item.invalid.reason });
            if (runner.invalidSamples.length < MAX_SAMPLES)
              runner.invalidSamples.push(item.invalid);
            if (due()) await flush();
            continue;
          }
          const line = item.line;
          if (line.type === 'end') {
            runner.withheld = line.withheld;
            break;
          }
          batch.push({
            ...line.read,
            plateKey: lookalikeKey(line.read.plate),
            retentionUntil: localDeadline(line.read, line.retentionUntil),
            approvalId: line.approvalId,
          });
          last = cursorOf(line.read);
          // Size bounds a transaction; time makes progress show from the start,
          // while reads still trickle in, instead of after the first full batch.
          if (batch.length >= batchSize || due()) {
            await flush();
            attempt = 0;
          }
        }
        clearInterval(timer);
        await drain();
        runner.state = 'done';
        await store.finishPull(pullId, 'done', clock());
        return;
      } catch (error) {
        clearInterval(timer);
        // Let a committing batch finish (or fail) before the pull's state changes.
        await handing.catch(() => {});
        await (inFlight as Promise<unknown> | null)?.catch(() => {});
        if (
          runner.controller.signal.aborted ||
          (error instanceof ApiError && error.code === 'CANCELLED')
        ) {
          runner.state = 'cancelled';
          await store.finishPull(pullId, 'cancelled', clock()).catch(() => {});
          return;
        }
        const retryable = error instanceof ApiError && error.code === 'UNAVAILABLE';
        if (retryable && attempt < maxRetries) {
          runner.state = 'retrying';
          runner.error = (error as Error).message;
          await sleep(retryDelay(attempt++), runner.controller.signal);
          runner.error = null;
          continue;
        }
        runner.state = 'failed';
        runner.error = (error as Error).message;
        await store.finishPull(pullId, 'failed', clock(), runner.error).catch(() => {});
        return;
      }
    }
  }

  /**
   * The case's extended-access approvals, pulled with the case: the local age
   * gate shows reads older than the normal window only under one of them, so
   * the list is refreshed whenever the case is pulled (expired ones included).
   */
  async function syncApprovals(caseId: string): Promise<void> {
    const { approvals } = await platform.request(
      'GET',
      `/api/v1/cases/${encodeURIComponent(caseId)}/approvals`,
      CaseApprovals,
    );
    await (await stores.open(caseId)).replaceApprovals(approvals, clock());
  }

  async function launch(
    c: Case,
    pullId: string,
    withheld: PullCreated['withheld'],
  ): Promise<Runner> {
    const store = await stores.open(c.id);
    const state = await store.pullState(pullId);
    const runner: Runner = {
      caseId: c.id,
      controller: new AbortController(),
      state: 'running',
      error: null,
      invalidSamples: samples.get(pullId) ?? [],
      withheld,
      samples: [{ at: clock().getTime(), count: state ? handledOf(state) : 0 }],
      done: Promise.resolve(),
    };
    runners.set(pullId, runner);
    samples.set(pullId, runner.invalidSamples);
    runner.done = run(c, pullId, runner)
      .catch((error) => {
        runner.state = 'failed';
        runner.error = (error as Error).message;
      })
      .finally(async () => {
        const final = await store.pullState(pullId).catch(() => null);
        runners.delete(pullId);
        // Logging the outcome must not turn a finished pull into a failed shutdown,
        // but an outcome that could not be logged is never silently lost: the
        // pull is marked failed (unconfirmed) and resuming it logs it again.
        if (final) {
          await Promise.resolve(deps.onFinished?.(toStatus(c.id, final, undefined), c)).catch(
            async (error: unknown) => {
              const message =
                'The pull ended, but its outcome could not be written to the audit log: ' +
                `${(error as Error).message} Resume the pull once the problem is solved to log its outcome.`;
              await store
                .finishPull(pullId, 'failed', clock(), message.slice(0, 1000))
                .catch(() => {});
            },
          );
        }
      });
    return runner;
  }

  return {
    /**
     * `beforeStore` runs once the platform has created the pull and before any
     * read is stored here (the local audit entry: audit first, then act); if
     * it throws, nothing is stored and the pull is not started.
     */
    async start(
      request: StartPull,
      c: Case,
      beforeStore?: (created: PullCreated) => Promise<void>,
    ): Promise<PullStatus> {
      if (c.status !== 'open')
        throw new ApiError('PRECONDITION_FAILED', 'This case is closed: no new data can be added.');
      // The same check as the platform's, so a wrong type is refused here too.
      const offence = offenceTypeProblem(deps.pack, c.purpose, request.offenceType);
      if (offence) throw new ApiError('INVALID_ARGUMENT', offence);
      const created = await platform.createPull({
        caseId: c.id,
        purpose: c.purpose,
        offenceType: request.offenceType,
        reasonCode: request.reasonCode,
        justification: request.justification,
        query: request.query,
      });
      await beforeStore?.(created);
      // After the platform accepted the pull (its refusals come first), before
      // any read arrives: a read delivered under an approval is shown at once.
      await syncApprovals(c.id);
      const store = await stores.open(c.id);
      const params = {
        query: request.query,
        offenceType: request.offenceType,
        reasonCode: request.reasonCode,
        withheld: created.withheld,
        approvals: created.approvals,
      };
      const state = await store.beginPull({
        id: created.pullId,
        params,
        total: created.total,
        now: clock(),
      });
      const runner = await launch(c, created.pullId, created.withheld);
      return toStatus(c.id, state, runner);
    },

    async resume(pullId: string, caseOf: (caseId: string) => Promise<Case>): Promise<PullStatus> {
      if (runners.has(pullId)) return this.status(runners.get(pullId)!.caseId, pullId);
      for (const caseId of await stores.listLocal()) {
        const store = await stores.open(caseId);
        const state = await store.pullState(pullId);
        if (!state) continue;
        if (state.status === 'done') return toStatus(caseId, state, undefined);
        const c = await caseOf(caseId);
        await syncApprovals(caseId);
        const resumed = await store.beginPull({ id: pullId, params: state.params, now: clock() });
        const withheld = (state.params as { withheld?: PullCreated['withheld'] } | null)
          ?.withheld ?? { count: 0, reason: null, message: null };
        const runner = await launch(c, pullId, withheld);
        return toStatus(caseId, resumed, runner);
      }
      throw new ApiError('NOT_FOUND', 'No such pull on this workstation.');
    },

    async cancel(pullId: string): Promise<PullStatus> {
      const runner = runners.get(pullId);
      if (!runner) throw new ApiError('NOT_FOUND', 'This pull is not running.');
      runner.controller.abort();
      await runner.done;
      return this.status(runner.caseId, pullId);
    },

    async status(caseId: string, pullId: string): Promise<PullStatus> {
      const state = await (await stores.open(caseId)).pullState(pullId);
      if (!state) throw new ApiError('NOT_FOUND', 'No such pull.');
      return toStatus(caseId, state, runners.get(pullId));
    },

    async list(caseId: string): Promise<PullStatus[]> {
      const local = await stores.listLocal();
      if (!local.includes(caseId)) return [];
      const pulls = await (await stores.open(caseId)).listPulls();
      return pulls
        .map((p) => toStatus(caseId, p, runners.get(p.id)))
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    /** Waits for a running pull to end (tests, shutdown). */
    async settled(pullId: string): Promise<void> {
      await runners.get(pullId)?.done;
    },

    /** Stops the case's running pulls (before its store is discarded). */
    async stopCase(caseId: string): Promise<void> {
      const mine = [...runners.values()].filter((r) => r.caseId === caseId);
      for (const r of mine) r.controller.abort();
      await Promise.all(mine.map((r) => r.done));
    },

    async stopAll(): Promise<void> {
      for (const runner of runners.values()) runner.controller.abort();
      await Promise.all([...runners.values()].map((r) => r.done));
    },
  };
}

export type PullManager = ReturnType<typeof createPullManager>;

/**
 * Records of the stream a pull has committed, whatever became of them:
 * stored, duplicate, already held or invalid. What progress counts, so a pull
 * that overlaps an earlier one moves while it passes reads the case holds.
 */
/**
 * Parameters of the local chain's `case.pull-completed` entry: where every
 * offered read went, in the same figures the officer sees at the end of the
 * pull, so the audit alone says what the platform offered and what this
 * workstation stored. A read an earlier pull had already stored (alreadyHeld)
 * is counted apart from one this pull delivered twice (duplicates); the
 * entry's resultCount is `stored`.
 */
export function pullCompletedParameters(p: PullStatus): Record<string, unknown> {
  return {
    pullId: p.pullId,
    state: p.state,
    offered: p.offered,
    received: p.received,
    stored: p.stored,
    alreadyHeld: p.alreadyHeld,
    duplicates: p.duplicates,
    invalid: p.invalid,
    withheld: p.withheld.count,
    withheldReason: p.withheld.reason,
  };
}

function handledOf(p: PullState): number {
  return p.received + p.invalid;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

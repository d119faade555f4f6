import type {
  CaseEntry,
  CaseNotice,
  LocalCaseInfo,
  LocalDamage,
} from '../../common/api/contract.ts';
import { ApiError } from '../../common/api/result.ts';
import type { Case } from '../../common/case.ts';
import type { DepartedCase } from '../../common/platform-api.ts';
import type { PlatformClient } from './platform-client.ts';
import type { AgeGate } from './store/case-store.ts';
import type { CaseStores } from './store/case-stores.ts';
import { StoreCorruptError, StoreKeyMissingError, StoreWrongKeyError } from './store/errors.ts';

/**
 * Which cases leave the officer's list at this contact with the platform, and
 * why. A case stays listed while it is open (assigned to the officer, or
 * listed for an oversight role as before); a local copy is kept only while
 * the case is open and the officer assigned. A case leaves with a notice when
 * this workstation holds a copy (shredded then) or showed it earlier in this
 * run. The platform's `departed` list says why and names the case; without it
 * the case's status does (closed, else unassigned).
 */
export function planDepartures(input: {
  officerId: string;
  listed: Case[];
  departed: DepartedCase[];
  held: string[];
  shownBefore: Case[];
}): { shown: Case[]; leaving: Array<{ notice: CaseNotice; shred: boolean }> } {
  const listed = new Map(input.listed.map((c) => [c.id, c]));
  const departed = new Map(input.departed.map((d) => [d.caseId, d]));
  const before = new Map(input.shownBefore.map((c) => [c.id, c]));
  const shown = input.listed.filter((c) => c.status === 'open');
  const keeps = (id: string) => {
    const c = listed.get(id);
    return c?.status === 'open' && c.assignedOfficers.includes(input.officerId);
  };
  const held = new Set(input.held);
  const shownIds = new Set(shown.map((c) => c.id));
  const leaving: Array<{ notice: CaseNotice; shred: boolean }> = [];
  for (const id of new Set([...held, ...before.keys()])) {
    const shred = held.has(id) && !keeps(id);
    if (!shred && shownIds.has(id)) continue;
    const d = departed.get(id);
    const c = listed.get(id) ?? before.get(id);
    leaving.push({
      shred,
      notice: {
        caseId: id,
        number: d?.number ?? c?.number ?? id,
        title: d?.title ?? c?.title ?? '',
        reason: d?.reason ?? (listed.get(id)?.status === 'closed' ? 'closed' : 'unassigned'),
        at: d?.at ?? null,
        closeReason: d?.closeReason ?? null,
        localCopyErased: shred,
      },
    });
  }
  return { shown, leaving };
}

/**
 * The officer's cases: the platform says which cases they are assigned to;
 * this workstation adds what it holds locally for each. A local store whose
 * case was closed, or which the officer is no longer assigned to, is
 * crypto-shredded here (key first, then file), and the erasure is logged.
 */
export function createCaseService(deps: {
  platform: PlatformClient;
  stores: CaseStores;
  officerId: () => string;
  /** Crypto-shreds a local case store and logs the erasure. */
  shred: (caseId: string, reason: 'case-closed' | 'assignment-lost') => Promise<void>;
  /**
   * The age gate a query on this case meets now (#15 item 2). The counts and
   * first/last read given here are of the reads it lets through, as in every
   * view; the reads it hides are counted apart. Without it, every read counts.
   */
  ageGate?: (c: Case) => AgeGate;
}) {
  const { platform, stores } = deps;
  let known = new Map<string, Case>();

  async function localInfo(c: Case): Promise<LocalCaseInfo | null> {
    const caseId = c.id;
    if (!(await stores.listLocal()).includes(caseId)) return null;
    const store = await stores.open(caseId);
    const [summary, pulls] = await Promise.all([
      store.summary(deps.ageGate?.(c) ?? null),
      store.listPulls(),
    ]);
    const lastPull = pulls.reduce<number | null>((max, p) => {
      const at = Date.parse(String(p.updatedAt));
      return Number.isFinite(at) && (max === null || at > max) ? at : max;
    }, null);
    return {
      reads: summary.reads,
      plates: summary.plates,
      firstRead: summary.from,
      lastRead: summary.to,
      hidden: summary.withheld.count,
      lastPullAt: lastPull === null ? null : new Date(lastPull).toISOString(),
    };
  }

  /**
   * A local copy that cannot be read is one case's problem, not the list's:
   * it is reported on that case with its recovery, and the other cases stay
   * listed and usable. Anything else (keychain locked, worker gone) concerns
   * every case and still fails the call.
   */
  async function localState(
    c: Case,
  ): Promise<{ local: LocalCaseInfo | null; damaged: LocalDamage | null }> {
    try {
      return { local: await localInfo(c), damaged: null };
    } catch (error) {
      const reason =
        error instanceof StoreCorruptError
          ? 'damaged-file'
          : error instanceof StoreWrongKeyError
            ? 'wrong-key'
            : error instanceof StoreKeyMissingError
              ? 'key-missing'
              : null;
      if (!reason) throw error;
      return {
        local: null,
        damaged: { reason, message: (error as Error).message, recovery: 'discard-local' },
      };
    }
  }

  /** Why cases left the list, per officer, until they dismiss it (this workstation run). */
  const notices = new Map<string, Map<string, CaseNotice>>();
  const noticesOf = (officer: string) => {
    let mine = notices.get(officer);
    if (!mine) notices.set(officer, (mine = new Map()));
    return mine;
  };
  const listNotices = (officer: string) => [...noticesOf(officer).values()];

  /**
   * At a contact with the platform: shred (key first, then file, logged) each
   * local copy of a case that left, and note why for the officer.
   */
  async function reconcile(answer: { cases: Case[]; departed?: DepartedCase[] }): Promise<Case[]> {
    const me = deps.officerId();
    const plan = planDepartures({
      officerId: me,
      listed: answer.cases,
      departed: answer.departed ?? [],
      held: await stores.listLocal(),
      shownBefore: [...known.values()],
    });
    for (const d of plan.leaving) {
      if (d.shred)
        await deps.shred(
          d.notice.caseId,
          d.notice.reason === 'closed' ? 'case-closed' : 'assignment-lost',
        );
      noticesOf(me).set(d.notice.caseId, d.notice);
    }
    return plan.shown;
  }

  return {
    /**
     * The officer's cases. When the platform cannot be reached, the cases
     * already seen in this session stay usable with their local data
     * (`offline: true`); nothing is shredded on a missing answer.
     */
    async list(): Promise<{ cases: CaseEntry[]; offline: boolean; notices: CaseNotice[] }> {
      let cases: Case[];
      let offline = false;
      try {
        // Offline (the call fails), nothing is shredded: the platform was not asked.
        cases = await reconcile(await platform.caseList());
        known = new Map(cases.map((c) => [c.id, c]));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'UNAVAILABLE') || known.size === 0)
          throw error;
        cases = [...known.values()];
        offline = true;
      }
      return {
        cases: await Promise.all(cases.map(async (c) => ({ case: c, ...(await localState(c)) }))),
        offline,
        notices: listNotices(deps.officerId()),
      };
    },

    /** The officer has read the notice: it is not shown again. */
    dismissNotice(caseId: string): { notices: CaseNotice[] } {
      const me = deps.officerId();
      noticesOf(me).delete(caseId);
      return { notices: listNotices(me) };
    },

    /** One case; unlike list(), a damaged local copy fails the call with its recovery hint. */
    async get(caseId: string): Promise<CaseEntry> {
      const c = await this.caseOf(caseId);
      return { case: c, local: await localInfo(c), damaged: null };
    },

    /** The case as the platform sees it now (assignment checked there). */
    async caseOf(caseId: string): Promise<Case> {
      const c = await platform.getCase(caseId).catch((error: unknown) => {
        // Offline: locally held case data stays usable within the session.
        if (error instanceof ApiError && error.code === 'UNAVAILABLE' && known.has(caseId))
          return known.get(caseId)!;
        throw error;
      });
      known.set(c.id, c);
      return c;
    },
  };
}

import type { CaseEntry, LocalCaseInfo, LocalDamage } from '../../common/api/contract.ts';
import { ApiError } from '../../common/api/result.ts';
import type { Case } from '../../common/case.ts';
import type { PlatformClient } from './platform-client.ts';
import type { CaseStores } from './store/case-stores.ts';
import { StoreCorruptError, StoreKeyMissingError, StoreWrongKeyError } from './store/errors.ts';

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
}) {
  const { platform, stores } = deps;
  let known = new Map<string, Case>();

  async function localInfo(caseId: string): Promise<LocalCaseInfo | null> {
    if (!(await stores.listLocal()).includes(caseId)) return null;
    const store = await stores.open(caseId);
    const [summary, pulls] = await Promise.all([store.summary(), store.listPulls()]);
    const lastPull = pulls.reduce<number | null>((max, p) => {
      const at = Date.parse(String(p.updatedAt));
      return Number.isFinite(at) && (max === null || at > max) ? at : max;
    }, null);
    return {
      reads: summary.reads,
      plates: summary.plates,
      firstRead: summary.from,
      lastRead: summary.to,
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
    caseId: string,
  ): Promise<{ local: LocalCaseInfo | null; damaged: LocalDamage | null }> {
    try {
      return { local: await localInfo(caseId), damaged: null };
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

  async function reconcile(cases: Case[]): Promise<void> {
    const me = deps.officerId();
    const active = new Map(cases.map((c) => [c.id, c]));
    for (const caseId of await stores.listLocal()) {
      const c = active.get(caseId);
      const reason: 'case-closed' | 'assignment-lost' | null = !c
        ? 'assignment-lost'
        : c.status === 'closed'
          ? 'case-closed'
          : !c.assignedOfficers.includes(me)
            ? 'assignment-lost'
            : null;
      if (!reason) continue;
      await deps.shred(caseId, reason);
    }
  }

  return {
    /**
     * The officer's cases. When the platform cannot be reached, the cases
     * already seen in this session stay usable with their local data
     * (`offline: true`); nothing is shredded on a missing answer.
     */
    async list(): Promise<{ cases: CaseEntry[]; offline: boolean }> {
      let cases: Case[];
      let offline = false;
      try {
        cases = await platform.listCases();
        known = new Map(cases.map((c) => [c.id, c]));
        await reconcile(cases);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'UNAVAILABLE') || known.size === 0)
          throw error;
        cases = [...known.values()];
        offline = true;
      }
      return {
        cases: await Promise.all(
          cases.map(async (c) => ({ case: c, ...(await localState(c.id)) })),
        ),
        offline,
      };
    },

    /** One case; unlike list(), a damaged local copy fails the call with its recovery hint. */
    async get(caseId: string): Promise<CaseEntry> {
      const c = await this.caseOf(caseId);
      return { case: c, local: await localInfo(caseId), damaged: null };
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

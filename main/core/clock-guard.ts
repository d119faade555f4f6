import type { AuditRecordInput } from './audit/audit-log.ts';
import type { SignedPlatformTime } from './auth/clock-skew.ts';
import { createTrustedClock, type ClockJump, type TrustedClock } from './trusted-clock.ts';

/**
 * The trusted clock put to work in the workstation (#15 item 3): it is the
 * clock every service gets; it is anchored at sign-in and then every minute
 * while the platform answers; the jumps it sees go into the officer's audit
 * chain; and calls that reach case or platform data are refused while the
 * system clock is set back.
 */

/** Calls that stay open under a wrong clock: the session itself, settings, and delivering the audit log. */
const OPEN_UNDER_WRONG_CLOCK = /^(app|session|settings|audit)\./;

/** How often the trusted clock is re-anchored while the workstation runs. */
export const ANCHOR_INTERVAL_MS = 60_000;

const ACTIONS: Record<ClockJump['kind'], { action: string; outcome: 'allowed' | 'denied' }> = {
  back: { action: 'clock.set-back', outcome: 'denied' },
  ahead: { action: 'clock.ahead-of-platform', outcome: 'denied' },
  forward: { action: 'clock.moved-forward', outcome: 'allowed' },
  corrected: { action: 'clock.corrected', outcome: 'allowed' },
};

/** Pure: the audit entry for a jump (no personal data: times and sizes only). */
export function jumpEntry(
  jump: ClockJump,
  lockMessage: string | null,
): Omit<AuditRecordInput, 'actor'> {
  const { action, outcome } = ACTIONS[jump.kind];
  return {
    operation: 'collection',
    action,
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification: null,
    parameters: { ...jump },
    resultCount: null,
    outcome,
    outcomeReason: outcome === 'denied' ? lockMessage : null,
    recipient: null,
  };
}

export interface ClockGuardOptions {
  wall: () => Date;
  monotonic?: () => number;
  maxSkewSeconds: number;
}

export interface ClockGuard {
  trusted: TrustedClock;
  /** Trusted time: the workstation's clock. */
  now: () => Date;
  /** Anchors to a signed platform time just read. */
  anchor(time: SignedPlatformTime): void;
  /**
   * Before every call: writes the jumps seen since the last call (when an
   * officer's audit chain is open) and refuses data calls under a wrong clock.
   */
  beforeCall(method: string, record: AuditWriter | null): Promise<void>;
  /** Re-anchors every ANCHOR_INTERVAL_MS with `read` (an unref'd timer); failures wait for the next round. */
  startAnchoring(read: () => Promise<SignedPlatformTime>): void;
  stop(): void;
}

export type AuditWriter = (entry: Omit<AuditRecordInput, 'actor'>) => Promise<void>;

export function createClockGuard(options: ClockGuardOptions): ClockGuard {
  const pending: ClockJump[] = [];
  const trusted = createTrustedClock({
    wall: options.wall,
    maxSkewSeconds: options.maxSkewSeconds,
    ...(options.monotonic ? { monotonic: options.monotonic } : {}),
    onJump: (jump) => pending.push(jump),
  });
  let timer: NodeJS.Timeout | null = null;

  const flush = async (record: AuditWriter) => {
    while (pending.length) {
      const jump = pending[0]!;
      const problem = trusted.state().problem;
      // Written in order; a jump stays queued until its entry is on disk.
      await record(jumpEntry(jump, problem));
      pending.shift();
    }
  };

  return {
    trusted,
    now: () => trusted.now(),
    anchor: (t) => trusted.anchor({ serverMs: t.serverMs, monotonicMs: t.monotonicMs }),
    async beforeCall(method, record) {
      trusted.now();
      if (record) {
        await flush(record).catch((error: unknown) =>
          console.error('[clock] a clock jump could not be logged yet:', (error as Error).message),
        );
      }
      if (!OPEN_UNDER_WRONG_CLOCK.test(method)) trusted.assertTrusted();
    },
    startAnchoring(read) {
      if (timer) return;
      timer = setInterval(() => {
        read().then(
          (t) => trusted.anchor({ serverMs: t.serverMs, monotonicMs: t.monotonicMs }),
          () => undefined,
        );
      }, ANCHOR_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

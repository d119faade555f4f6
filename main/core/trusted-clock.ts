import { ApiError } from '../../common/api/result.ts';

/**
 * The workstation's trusted time (#15 item 3).
 *
 * The system clock is the officer's to change. Audit times, retention
 * deadlines, token and grant lifetimes must not move with it, so the
 * workstation keeps its own time: the platform's signed time at the last
 * contact (the anchor) plus the time elapsed since on a monotonic clock,
 * which no one can set.
 *
 * The wall clock is still watched, because the difference tells what
 * happened:
 * - wall behind trusted time by more than the skew limit: the clock was set
 *   back while running. Queries lock (`assertTrusted`) until the clock is
 *   corrected; the jump is reported (`onJump`) so it goes into the audit chain.
 * - wall ahead by more than the limit: a changed clock, or a sleep (the
 *   monotonic clock stands still while the computer is suspended, so after a
 *   night in a car the anchor is hours behind). Both look the same here, so
 *   trusted time follows the wall provisionally and the jump is reported; the
 *   next platform contact decides. If the platform's time then disagrees with
 *   the wall, queries lock as for a clock set back. Moving the clock forward
 *   gains nothing anyway: reads look older, deadlines come sooner, and the
 *   platform flags entries stamped ahead of their receipt.
 * Before the first contact there is nothing to trust but the wall clock.
 *
 * Trusted time never runs backwards between anchors, so audit entries keep
 * their order; only a new platform anchor far behind (the platform is the
 * authority) moves it back.
 */

export interface TrustedClockOptions {
  /** The system clock (injected in tests, as the workstation's clock always was). */
  wall: () => Date;
  /** Milliseconds on a clock no one can set; default performance.now(). */
  monotonic?: () => number;
  /** ANPR_MAX_CLOCK_SKEW_SECONDS. */
  maxSkewSeconds: number;
  /** A jump seen (or the clock corrected); called once per change of state. */
  onJump?: (jump: ClockJump) => void;
}

export interface ClockJump {
  /** back: set back while running; ahead: ahead of the platform's time; forward: followed; corrected: back within the limit. */
  kind: 'back' | 'ahead' | 'forward' | 'corrected';
  /** The system clock's time when seen. */
  wallAt: string;
  /** Trusted time when seen. */
  trustedAt: string;
  /** Wall minus trusted time, in seconds (negative: set back). */
  differenceSeconds: number;
  limitSeconds: number;
}

export interface ClockAnchor {
  /** Platform time, epoch ms. */
  serverMs: number;
  /** The monotonic reading the platform time corresponds to (the request's midpoint). */
  monotonicMs: number;
}

export interface TrustedClockState {
  /** Where trusted time comes from now. */
  source: 'wall' | 'platform' | 'wall-followed';
  /** Trusted time of the last platform anchor, or null. */
  anchoredAt: string | null;
  /** Why queries are locked, or null. */
  problem: string | null;
}

export interface TrustedClock {
  /** Trusted time. Use it wherever the workstation's clock was used. */
  now(): Date;
  /** A signed platform time was read: anchor to it. */
  anchor(anchor: ClockAnchor): void;
  /** The monotonic clock, for measuring a request's midpoint. */
  monotonic(): number;
  state(): TrustedClockState;
  /** Throws PRECONDITION_FAILED while the clock is set back (or ahead of the platform). */
  assertTrusted(): void;
}

type Lock = { kind: 'back' | 'ahead'; differenceMs: number } | null;

/** Pure: how the wall clock stands against trusted time. */
export function compareWall(
  wallMs: number,
  trustedMs: number,
  maxSkewMs: number,
): 'within' | 'behind' | 'ahead' {
  const d = wallMs - trustedMs;
  if (d < -maxSkewMs) return 'behind';
  if (d > maxSkewMs) return 'ahead';
  return 'within';
}

/** Pure: trusted time from an anchor and the monotonic clock, never before `floorMs`. */
export function anchoredTime(anchor: ClockAnchor, monotonicMs: number, floorMs: number): number {
  return Math.max(anchor.serverMs + (monotonicMs - anchor.monotonicMs), floorMs);
}

/** "400 days", "3 hours", "5 minutes": the size of a jump in a message. */
export function describeDuration(ms: number): string {
  const abs = Math.abs(ms);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (abs >= 2 * 86_400_000) return unit(Math.round(abs / 86_400_000), 'day');
  if (abs >= 2 * 3_600_000) return unit(Math.round(abs / 3_600_000), 'hour');
  if (abs >= 60_000) return unit(Math.round(abs / 60_000), 'minute');
  return unit(Math.round(abs / 1000), 'second');
}

/** The officer's message while queries are locked. */
export function lockMessage(kind: 'back' | 'ahead', differenceMs: number): string {
  const amount = describeDuration(differenceMs);
  const what =
    kind === 'back'
      ? `This computer's clock was set back by ${amount} while the workstation was running.`
      : `This computer's clock is ${amount} ahead of the platform's time.`;
  return (
    `${what} Audit times and retention deadlines must not follow a changed clock, so queries are ` +
    'locked and this was recorded in the audit log. Correct the system clock (enable automatic ' +
    'time / NTP); queries resume as soon as it agrees with the platform again.'
  );
}

export function createTrustedClock(options: TrustedClockOptions): TrustedClock {
  const { wall } = options;
  const monotonic = options.monotonic ?? (() => performance.now());
  const maxSkewMs = options.maxSkewSeconds * 1000;
  let anchor: ClockAnchor | null = null;
  let source: TrustedClockState['source'] = 'wall';
  let anchoredAt: number | null = null;
  let floor = -Infinity;
  let lock: Lock = null;

  const report = (kind: ClockJump['kind'], wallMs: number, trustedMs: number) =>
    options.onJump?.({
      kind,
      wallAt: new Date(wallMs).toISOString(),
      trustedAt: new Date(trustedMs).toISOString(),
      differenceSeconds: Math.round((wallMs - trustedMs) / 1000),
      limitSeconds: options.maxSkewSeconds,
    });

  const setLock = (next: Lock, wallMs: number, trustedMs: number) => {
    const was = lock;
    lock = next;
    if (next && was?.kind !== next.kind) report(next.kind, wallMs, trustedMs);
    if (!next && was) report('corrected', wallMs, trustedMs);
  };

  function now(): Date {
    const wallMs = wall().getTime();
    if (!anchor) return new Date(wallMs);
    const mono = monotonic();
    const trustedMs = anchoredTime(anchor, mono, floor);
    const where = compareWall(wallMs, trustedMs, maxSkewMs);
    if (where === 'behind') {
      setLock({ kind: 'back', differenceMs: wallMs - trustedMs }, wallMs, trustedMs);
    } else if (where === 'ahead') {
      // Ahead of a platform time that was confirmed ahead: stay locked, keep trusted time.
      if (lock?.kind !== 'ahead') {
        if (lock) setLock(null, wallMs, trustedMs);
        anchor = { serverMs: wallMs, monotonicMs: mono };
        source = 'wall-followed';
        report('forward', wallMs, trustedMs);
        floor = wallMs;
        return new Date(wallMs);
      }
    } else {
      setLock(null, wallMs, trustedMs);
    }
    floor = Math.max(floor, trustedMs);
    return new Date(trustedMs);
  }

  return {
    now,
    monotonic,
    anchor(next) {
      const before = anchor ? anchoredTime(anchor, next.monotonicMs, floor) : null;
      anchor = next;
      source = 'platform';
      anchoredAt = next.serverMs;
      // A small step back (the request's own uncertainty) waits for trusted
      // time to catch up; a large one means we were wrong: the platform rules.
      if (before !== null && before - next.serverMs > maxSkewMs) floor = -Infinity;
      const wallMs = wall().getTime();
      const trustedMs = anchoredTime(next, monotonic(), floor);
      const where = compareWall(wallMs, trustedMs, maxSkewMs);
      if (where === 'ahead')
        setLock({ kind: 'ahead', differenceMs: wallMs - trustedMs }, wallMs, trustedMs);
      else if (where === 'behind')
        setLock({ kind: 'back', differenceMs: wallMs - trustedMs }, wallMs, trustedMs);
      else setLock(null, wallMs, trustedMs);
    },
    state() {
      now();
      return {
        source,
        anchoredAt: anchoredAt === null ? null : new Date(anchoredAt).toISOString(),
        problem: lock ? lockMessage(lock.kind, lock.differenceMs) : null,
      };
    },
    assertTrusted() {
      now();
      if (lock)
        throw new ApiError('PRECONDITION_FAILED', lockMessage(lock.kind, lock.differenceMs));
    },
  };
}

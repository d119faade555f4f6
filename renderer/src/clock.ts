import { useMemo, useSyncExternalStore } from 'react';

/**
 * The renderer's "now" is the workstation's clock, not the browser's. The
 * workstation's rules (idle lock, the one-month rule, retention) run on its
 * own clock: injected in tests, and (#15) anchored to the platform's signed
 * time. Default periods and ages shown to the officer must agree with it, or
 * "the last 30 days" in a form is not the 30 days the workstation means.
 *
 * Every session status carries the workstation's `now`; we keep the offset
 * between it and the browser's clock, so the time keeps running between polls
 * and a moved workstation clock shows at the next status.
 */

/**
 * How far apart two measured offsets must be to count as a moved clock. The
 * status crosses IPC or loopback HTTP, so each measurement is late by that
 * trip (milliseconds, more under load); treating that jitter as a move would
 * re-render every clock reader at every poll for nothing.
 */
export const CLOCK_TOLERANCE_MS = 1000;

/** Workstation time minus browser time, from a status the workstation stamped; null when the stamp is unusable. */
export function offsetOf(workstationIso: string, browserMs: number): number | null {
  const at = Date.parse(workstationIso);
  return Number.isFinite(at) ? at - browserMs : null;
}

/**
 * The offset to keep after a new measurement: the new one when the clock
 * moved (or none was known), otherwise the kept one, so jitter never moves it.
 */
export function nextOffset(
  kept: number | null,
  measured: number | null,
  toleranceMs = CLOCK_TOLERANCE_MS,
): number | null {
  if (measured === null) return kept;
  if (kept === null || Math.abs(measured - kept) >= toleranceMs) return measured;
  return kept;
}

/** The workstation's now, given the browser's now and the kept offset (none yet: the browser's). */
export function workstationTime(browserMs: number, offset: number | null): Date {
  return new Date(browserMs + (offset ?? 0));
}

export interface WorkstationClock {
  /** Takes the `now` of a status the workstation just sent. */
  observe(workstationIso: string): void;
  now(): Date;
  /** The kept offset (stable between moves): a snapshot for useSyncExternalStore. */
  offset(): number | null;
  subscribe(listener: () => void): () => void;
}

export function createWorkstationClock(browserNow: () => number = Date.now): WorkstationClock {
  let kept: number | null = null;
  const listeners = new Set<() => void>();
  return {
    observe(workstationIso) {
      const next = nextOffset(kept, offsetOf(workstationIso, browserNow()));
      if (next === kept) return;
      kept = next;
      for (const listener of listeners) listener();
    },
    now: () => workstationTime(browserNow(), kept),
    offset: () => kept,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The one clock of this renderer, fed by useSession with every status. */
export const workstationClock = createWorkstationClock();

/** The workstation's now, for defaults computed at an event (a click, a mount). */
export function workstationNow(): Date {
  return workstationClock.now();
}

/**
 * The workstation's now as a render value: taken when the component mounts,
 * taken again when the workstation's clock moves (so ages and defaults follow
 * a clock set forward), stable otherwise so it can be a memo dependency.
 */
export function useWorkstationNow(): Date {
  const offset = useSyncExternalStore(workstationClock.subscribe, workstationClock.offset);
  // The offset is the dependency: a new value means the clock moved.
  return useMemo(() => workstationClock.now(), [offset]);
}

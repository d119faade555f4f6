/**
 * Rate and time left of a running pull, from the counts it committed and the
 * times it committed them (the injected clock's). The rate is taken over a
 * moving window, so a slow start (the platform's first page, opening the
 * store) stops weighing on the estimate after a few seconds, and a stall
 * shows as a falling rate instead of a frozen one.
 */
export interface ProgressSample {
  /** Epoch ms of the commit. */
  at: number;
  /** Records handled by then (stored, duplicate, already held or invalid). */
  count: number;
}

export const RATE_WINDOW_MS = 10_000;
/** Below this span a rate is noise (one commit, a burst): none is given. */
const MIN_SPAN_MS = 1_000;

/**
 * The samples a window ending at `now` still needs: the newest one at or
 * before the window's start (the baseline) and every later one. Keeps memory
 * bounded however long the pull runs.
 */
export function trimSamples(
  samples: readonly ProgressSample[],
  now: number,
  windowMs = RATE_WINDOW_MS,
): ProgressSample[] {
  let base = 0;
  for (let i = 0; i < samples.length; i++) if (samples[i]!.at <= now - windowMs) base = i;
  return samples.slice(base);
}

/**
 * Records per second over the last `windowMs` up to `now`. The span ends at
 * `now`, not at the last commit: when nothing arrives, the rate falls, and
 * once the window holds no progress it is 0 (the ETA then says nothing
 * rather than something wrong).
 */
export function movingRate(
  samples: readonly ProgressSample[],
  now: number,
  windowMs = RATE_WINDOW_MS,
): number {
  const kept = trimSamples(samples, now, windowMs);
  const base = kept[0];
  const last = kept.at(-1);
  if (!base || !last || base === last) {
    return 0;
  }
  const span = now - base.at;
  if (span < MIN_SPAN_MS) return 0;
  return Math.max(0, last.count - base.count) / (span / 1000);
}

/** Seconds left for `remaining` records at `rate` per second; null when unknown. */
export function secondsLeft(remaining: number, rate: number): number | null {
  return rate > 0 && remaining > 0 ? remaining / rate : null;
}

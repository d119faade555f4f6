import { z } from 'zod';
import { platformFetch } from '../platform-fetch.ts';

/**
 * Audit entries carry our time; if our clock and the platform's disagree, an
 * auditor cannot line the two logs up, and retention deadlines shift. So the
 * workstation refuses to work when the difference exceeds a limit.
 */
export const DEFAULT_MAX_SKEW_SECONDS = 120;

const Health = z.object({ time: z.iso.datetime({ offset: true }) });

export interface SkewResult {
  skewMs: number;
  /** Plain-language reason to refuse work, or null when within the limit. */
  problem: string | null;
}

/** Pure: skew estimated at the midpoint of the request, as NTP does. */
export function assessSkew(
  sentAt: number,
  receivedAt: number,
  serverTime: number,
  maxSkewSeconds: number,
): SkewResult {
  const skewMs = serverTime - (sentAt + receivedAt) / 2;
  if (Math.abs(skewMs) <= maxSkewSeconds * 1000) return { skewMs, problem: null };
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount =
    minutes >= 1
      ? `${minutes} minute${minutes === 1 ? '' : 's'}`
      : `${Math.round(Math.abs(skewMs) / 1000)} seconds`;
  return {
    skewMs,
    problem:
      `This computer's clock is ${amount} ${skewMs > 0 ? 'behind' : 'ahead of'} the platform's. ` +
      'Audit times and retention deadlines would be wrong, so the workstation will not work until the system clock is corrected (enable automatic time / NTP), then try again.',
  };
}

export async function checkPlatformClock(
  platformUrl: string,
  clock: () => Date,
  maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS,
  fetchImpl: typeof fetch = platformFetch,
): Promise<SkewResult> {
  const sentAt = clock().getTime();
  const res = await fetchImpl(new URL('/healthz', platformUrl), {
    signal: AbortSignal.timeout(10_000),
  });
  const receivedAt = clock().getTime();
  const body = Health.parse(await res.json());
  return assessSkew(sentAt, receivedAt, Date.parse(body.time), maxSkewSeconds);
}

import { describe, expect, it } from 'vitest';
import { movingRate, secondsLeft, trimSamples, type ProgressSample } from './pull-rate.ts';

const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const at = (s: number, count: number): ProgressSample => ({ at: T0 + s * 1000, count });

describe('pull rate over a moving window', () => {
  it('forgets a slow start: after it, the rate is the current pace, not the average since the start', () => {
    // 20 s at 0 (the platform preparing), then 600 reads/s for 30 s.
    const samples = [at(0, 0), at(20, 0)];
    for (let s = 21; s <= 50; s++) samples.push(at(s, (s - 20) * 600));
    expect(movingRate(samples, T0 + 50_000)).toBeCloseTo(600, 6);
    // The whole-run average would have said 360/s, hence a 24-minute ETA for a 5-minute pull.
    expect(samples.at(-1)!.count / 50).toBe(360);
  });

  it('falls when nothing arrives, and is 0 once the window holds no progress', () => {
    const samples = [at(0, 0), at(5, 5_000), at(10, 10_000)];
    expect(movingRate(samples, T0 + 10_000)).toBe(1_000);
    expect(movingRate(samples, T0 + 15_000)).toBe(500); // 5,000 in the last 10 s
    expect(movingRate(samples, T0 + 25_000)).toBe(0);
    expect(secondsLeft(1_000, movingRate(samples, T0 + 25_000))).toBeNull();
  });

  it('gives no rate from a single commit or a span under a second', () => {
    expect(movingRate([at(0, 0)], T0 + 5_000)).toBe(0);
    expect(movingRate([at(0, 0), at(0.5, 400)], T0 + 500)).toBe(0);
    expect(movingRate([at(0, 0), at(0.5, 400)], T0 + 1_000)).toBe(400);
  });

  it('keeps only the baseline and what follows it', () => {
    const samples = [at(0, 0), at(3, 1), at(8, 2), at(12, 3), at(14, 4)];
    expect(trimSamples(samples, T0 + 14_000)).toEqual([at(3, 1), at(8, 2), at(12, 3), at(14, 4)]);
    expect(trimSamples(samples, T0 + 30_000)).toEqual([at(14, 4)]);
  });

  it('says how long what is left takes at that rate', () => {
    expect(secondsLeft(150_000, 500)).toBe(300);
    expect(secondsLeft(0, 500)).toBeNull();
    expect(secondsLeft(100, 0)).toBeNull();
  });
});

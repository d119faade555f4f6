import { describe, expect, it } from 'vitest';
import { createTrustedClock, type ClockJump } from './trusted-clock.ts';

/**
 * The trusted clock with both of its clocks injected: the wall clock the
 * officer can set, and the monotonic clock no one can. The platform's time is
 * START; "elapsed" moves both clocks together, as real time does.
 */
const DAY = 86_400_000;

/** Any instant serves: the clock only compares its own readings (never today's date). */
const START = Date.parse('2026-11-18T10:17:00.000Z');

function world() {
  const start = START;
  let wall = start;
  let mono = 5_000; // a monotonic clock starts anywhere
  const jumps: ClockJump[] = [];
  const clock = createTrustedClock({
    wall: () => new Date(wall),
    monotonic: () => mono,
    maxSkewSeconds: 120,
    onJump: (j) => jumps.push(j),
  });
  return {
    clock,
    jumps,
    start,
    elapse(ms: number) {
      wall += ms;
      mono += ms;
    },
    setWall(ms: number) {
      wall = ms;
    },
    /** A sleep: the wall clock runs on, the monotonic clock stands still. */
    sleep(ms: number) {
      wall += ms;
    },
    platformAnchor(serverMs: number) {
      clock.anchor({ serverMs, monotonicMs: mono });
    },
  };
}

describe('the trusted clock', () => {
  it('runs on the platform time plus monotonic time, not on the wall clock', () => {
    const w = world();
    // The wall clock is 90 s ahead of the platform: within the limit, so no lock, but not trusted either.
    w.setWall(w.start + 90_000);
    w.platformAnchor(w.start);
    w.elapse(3_600_000);
    expect(w.clock.now().toISOString()).toBe(new Date(w.start + 3_600_000).toISOString());
    expect(() => w.clock.assertTrusted()).not.toThrow();
    expect(w.clock.state()).toMatchObject({ source: 'platform', problem: null });
  });

  it('locks queries when the wall clock is set back 400 days, keeps its own time, and reports the jump once', () => {
    const w = world();
    w.platformAnchor(w.start);
    w.elapse(60_000);
    w.setWall(w.start + 60_000 - 400 * DAY);
    w.elapse(1_000);
    // Audit times and retention keep the real time.
    expect(w.clock.now().toISOString()).toBe(new Date(w.start + 61_000).toISOString());
    expect(() => w.clock.assertTrusted()).toThrow(
      expect.objectContaining({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/clock was set back by 400 days/),
      }),
    );
    w.clock.now();
    expect(w.jumps).toEqual([
      expect.objectContaining({
        kind: 'back',
        differenceSeconds: -400 * 86_400,
        limitSeconds: 120,
      }),
    ]);

    // Corrected: queries resume, and the correction is reported too.
    w.setWall(w.start + 61_000);
    expect(() => w.clock.assertTrusted()).not.toThrow();
    expect(w.jumps.map((j) => j.kind)).toEqual(['back', 'corrected']);
  });

  it('follows the wall clock forward after a sleep, then lets the platform decide', () => {
    const w = world();
    w.platformAnchor(w.start);
    w.sleep(8 * 3_600_000);
    // A night in the car: trusted time follows the wall, nothing locks, the jump is reported.
    expect(w.clock.now().getTime()).toBe(w.start + 8 * 3_600_000);
    expect(() => w.clock.assertTrusted()).not.toThrow();
    expect(w.jumps.map((j) => j.kind)).toEqual(['forward']);
    expect(w.clock.state().source).toBe('wall-followed');

    // The platform confirms the wall clock: anchored again, no lock.
    w.platformAnchor(w.start + 8 * 3_600_000);
    expect(() => w.clock.assertTrusted()).not.toThrow();

    // A clock moved a day ahead of the platform: followed until the next contact contradicts it.
    w.setWall(w.clock.now().getTime() + DAY);
    w.clock.now();
    w.platformAnchor(w.start + 8 * 3_600_000);
    expect(() => w.clock.assertTrusted()).toThrow(/24 hours ahead of the platform's time/);
    expect(w.clock.now().getTime()).toBe(w.start + 8 * 3_600_000);
    expect(w.jumps.map((j) => j.kind)).toEqual(['forward', 'forward', 'ahead']);
  });

  it('never runs backwards when a new anchor is slightly behind (audit entries keep their order)', () => {
    const w = world();
    w.platformAnchor(w.start);
    w.elapse(10_000);
    const before = w.clock.now().getTime();
    w.platformAnchor(w.start + 9_000); // the request's own uncertainty
    expect(w.clock.now().getTime()).toBe(before);
    w.elapse(2_000);
    expect(w.clock.now().getTime()).toBe(w.start + 11_000);
  });

  it('is the wall clock before the first platform contact', () => {
    const w = world();
    w.setWall(w.start - 400 * DAY);
    expect(w.clock.now().getTime()).toBe(w.start - 400 * DAY);
    expect(w.clock.state()).toMatchObject({ source: 'wall', anchoredAt: null, problem: null });
  });
});

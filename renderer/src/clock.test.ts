import { describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_MS,
  createWorkstationClock,
  nextOffset,
  offsetOf,
  workstationTime,
} from './clock.ts';

const DAY = 86_400_000;

/**
 * The browser's clock and the workstation's disagree in tests (the world is
 * anchored at testNow(), the browser runs on today) and, with #15, whenever
 * the platform's signed time differs from the OS's. Defaults shown to the
 * officer must follow the workstation.
 */
describe('the renderer takes its now from the workstation', () => {
  // The browser is two weeks ahead of the workstation, as in an E2E run on a later day.
  // Any fixed instant will do: the logic only compares the two clocks.
  const workstation = Date.parse('2026-11-18T10:17:00.000Z');
  const browser = workstation + 14 * DAY;

  it('measures the offset from a status the workstation stamped', () => {
    expect(offsetOf(new Date(workstation).toISOString(), browser)).toBe(-14 * DAY);
    expect(offsetOf('not a time', browser)).toBeNull();
  });

  it('is the workstation time, still running, between two statuses', () => {
    const offset = offsetOf(new Date(workstation).toISOString(), browser);
    expect(workstationTime(browser + 5 * 60_000, offset).getTime()).toBe(workstation + 5 * 60_000);
  });

  it('falls back to the browser clock only until the first status', () => {
    expect(workstationTime(browser, null).getTime()).toBe(browser);
  });

  it('follows a moved clock but not the jitter of the status trip', () => {
    const kept = -14 * DAY;
    expect(nextOffset(null, kept)).toBe(kept);
    expect(nextOffset(kept, kept - CLOCK_TOLERANCE_MS + 1)).toBe(kept);
    expect(nextOffset(kept, kept + 2 * DAY)).toBe(kept + 2 * DAY);
    expect(nextOffset(kept, null)).toBe(kept);
  });

  it('keeps the clock fed by statuses and tells its readers when it moved', () => {
    let browserMs = browser;
    const clock = createWorkstationClock(() => browserMs);
    let moves = 0;
    const stop = clock.subscribe(() => moves++);

    clock.observe(new Date(workstation).toISOString());
    expect(clock.now().getTime()).toBe(workstation);
    expect(moves).toBe(1);

    // Fifteen seconds later the next poll: the same clock, 40 ms late on arrival.
    browserMs += 15_000;
    clock.observe(new Date(workstation + 15_000 - 40).toISOString());
    expect(moves).toBe(1);
    expect(clock.now().getTime()).toBe(workstation + 15_000);

    // The test moves the workstation's clock two days on (t.clock.advance).
    browserMs += 15_000;
    clock.observe(new Date(workstation + 30_000 + 2 * DAY).toISOString());
    expect(moves).toBe(2);
    expect(clock.now().getTime()).toBe(workstation + 30_000 + 2 * DAY);

    stop();
    clock.observe(new Date(workstation).toISOString());
    expect(moves).toBe(2);
  });
});

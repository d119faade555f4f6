import { describe, expect, it } from 'vitest';
import { formatProgress, seedProgressReporter } from './seed-progress.ts';

/** What someone waiting for the first demo start reads while the world loads. */
describe('seed progress', () => {
  it('shows the count, the expected total, the rate and the time left', () => {
    // A quarter of the period in 30 s: 1 M reads, so ~4 M in all, 90 s to go.
    const line = formatProgress({ reads: 1_000_000, fraction: 0.25, elapsedMs: 30_000 }, 20);
    expect(line).toBe(
      '[#####...............]  25%  1.0 M of ~4.0 M reads  33k reads/s  1 min 30 s left',
    );
  });

  it('withholds the estimate until it means something, and says done at the end', () => {
    expect(formatProgress({ reads: 500, fraction: 0.001, elapsedMs: 200 })).toMatch(/…$/);
    expect(formatProgress({ reads: 39_000, fraction: 1, elapsedMs: 3_000 })).toBe(
      '100%  39k reads  13k reads/s  done',
    );
  });

  it('off a terminal: a plain line now and then, not one per batch', () => {
    let now = 0;
    const lines: string[] = [];
    const report = seedProgressReporter({ line: (l) => lines.push(l), now: () => now });
    for (let i = 1; i <= 100; i++) {
      now = i * 1000; // a batch per second for 100 s
      report({ reads: i * 10_000, fraction: i / 100 });
    }
    report({ reads: 1_000_000, fraction: 1, done: true });
    expect(lines.length).toBe(10 + 2); // every 10 s, then the final line and the index step
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/Building the read indexes/);
  });

  it('on a terminal: one bar redrawn in place, ended by a newline', () => {
    let now = 0;
    let screen = '';
    const report = seedProgressReporter({
      tty: { write: (t) => (screen += t), columns: 100 },
      line: (l) => (screen += `${l}\n`),
      now: () => now,
    });
    now = 1000;
    report({ reads: 10_000, fraction: 0.5 });
    now = 2000;
    report({ reads: 20_000, fraction: 1, done: true });
    expect(screen.split('\r').length).toBe(3);
    expect(screen).toContain(`[${'#'.repeat(30)}] 100%  20k reads  10k reads/s  done\x1b[K\n`);
    expect(screen.endsWith('Building the read indexes (one sorted pass, the last step)…\n')).toBe(
      true,
    );
  });
});

/**
 * Progress of a seed load as people watch it: the first demo start spends
 * minutes here, and a silent terminal looks like a hang. Reads arrive in
 * capture order, so the share of the seeded period already generated is the
 * fraction done; rate and remaining time follow from it.
 */
export interface SeedProgress {
  /** Reads handed to the store so far. */
  reads: number;
  /** Share of the seeded period covered so far, 0..1. */
  fraction: number;
  /** Set once, after the last read: index building follows. */
  done?: boolean;
}

export interface ProgressSnapshot extends SeedProgress {
  elapsedMs: number;
}

const compact = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(n);

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * One status line: count (and the expected total), rate, time left. The
 * estimate is withheld until 2 % of the period is done, where it settles.
 */
export function formatProgress(p: ProgressSnapshot, barWidth = 0): string {
  const f = Math.min(1, Math.max(0, p.fraction));
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.reads / seconds : 0;
  const settled = f >= 0.02 && seconds >= 1;
  const total = settled && f < 1 ? ` of ~${compact(p.reads / f)}` : '';
  const eta = f >= 1 ? 'done' : settled ? `${formatDuration((seconds * (1 - f)) / f)} left` : '…';
  const filled = Math.round(f * barWidth);
  const bar = barWidth > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : '';
  return (
    `${bar}${String(Math.floor(f * 100)).padStart(3)}%  ${compact(p.reads)}${total} reads  ` +
    `${compact(Math.round(rate))} reads/s  ${eta}`
  );
}

/**
 * Turns progress events into output: on a terminal one bar redrawn in place
 * (at most 5 times a second), elsewhere (CI logs, pipes) a plain line every
 * `lineEveryMs` so the log shows life without flooding.
 */
export function seedProgressReporter(options: {
  /** Raw writes to a terminal; when absent, plain lines go to `line`. */
  tty?: { write: (text: string) => unknown; columns?: number };
  line: (text: string) => void;
  now?: () => number;
  lineEveryMs?: number;
}): (p: SeedProgress) => void {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const every = options.tty ? 200 : (options.lineEveryMs ?? 10_000);
  let last = started;
  return (p) => {
    const t = now();
    if (!p.done && t - last < every) return;
    last = t;
    const snapshot = { ...p, elapsedMs: t - started };
    if (options.tty) {
      const width = Math.max(10, Math.min(30, (options.tty.columns ?? 80) - 60));
      options.tty.write(`\r  ${formatProgress(snapshot, width)}\x1b[K${p.done ? '\n' : ''}`);
    } else options.line(`  ${formatProgress(snapshot)}`);
    if (p.done) options.line('Building the read indexes (one sorted pass, the last step)…');
  };
}

import type { ReferencePlatform } from '../platform/reference.ts';
import type { SeedOptions } from '../platform/seed/index.ts';
import { loadSeedWorld } from '../platform/seed-loader.ts';
import { formatDuration, seedProgressReporter } from '../platform/seed-progress.ts';

/**
 * World sizes for `npm run demo -- --size`. All keep 45 days, so every
 * planted scenario (reads older than one month included) is there; they
 * differ in cameras and vehicles, hence in reads and in first-start time.
 */
export const DEMO_SIZES = {
  small: { days: 45, cameras: 400, vehicles: 300 },
  demo: { days: 45 },
  large: { days: 45, cameras: 10_000, vehicles: 27_000 },
} as const satisfies Record<string, Partial<SeedOptions>>;
export type DemoSize = keyof typeof DEMO_SIZES;
export const isDemoSize = (s: string): s is DemoSize => Object.hasOwn(DEMO_SIZES, s);

/** Loads the synthetic world into the demo platform once (the data dir keeps it). */
export async function seedDemoWorld(
  ref: ReferencePlatform,
  options: {
    size: DemoSize;
    log: (m: string) => void;
    /** A terminal for the progress bar; plain lines every 10 s otherwise. */
    tty?: { write: (text: string) => unknown; columns?: number };
  },
): Promise<void> {
  const report = await loadSeedWorld(ref.deps, {
    ...DEMO_SIZES[options.size],
    log: options.log,
    progress: seedProgressReporter({ tty: options.tty, line: options.log }),
  });
  if (report.skipped)
    options.log(
      'Synthetic data already loaded (`--fresh` deletes this data directory and loads it again).',
    );
  else options.log(`First start done: the world was loaded in ${formatDuration(report.seconds)}.`);
}

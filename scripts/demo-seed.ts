import type { ReferencePlatform } from '../platform/reference.ts';
import { loadSeedWorld } from '../platform/seed-loader.ts';

/** Loads the synthetic world into the demo platform once (the data dir keeps it). */
export async function seedDemoWorld(
  ref: ReferencePlatform,
  options: { log: (m: string) => void },
): Promise<void> {
  const report = await loadSeedWorld(ref.deps, { log: options.log });
  if (report.skipped)
    options.log('Synthetic data already loaded (use --fresh with a new --data-dir to regenerate).');
}

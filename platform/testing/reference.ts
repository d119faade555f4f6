import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyId } from '../config.ts';
import type { DemoAccount } from '../identity/index.ts';
import { startReferencePlatform, type ReferencePlatform } from '../reference.ts';
import type { GroundTruth, SeedOptions } from '../seed/index.ts';
import { loadSeedWorld, type LoadReport } from '../seed-loader.ts';
import { testClock, type TestClock } from './platform.ts';

/**
 * The full reference platform (identity, data routes, audit) on a temp data
 * dir with a small Synthetic Belgium loaded: for integration and E2E tests
 * that need real cases and reads with known ground truth.
 */
export interface TestReference {
  ref: ReferencePlatform;
  url: string;
  issuer: string;
  clock: TestClock;
  accounts: Record<string, DemoAccount>;
  groundTruth: GroundTruth;
  seeded: LoadReport;
  dataDir: string;
  close(): Promise<void>;
}

/** Small but complete: every planted scenario, 35 days so the one-month rule bites. */
export const SMALL_WORLD: Omit<SeedOptions, 'end'> = {
  seed: 7,
  days: 35,
  cameras: 400,
  vehicles: 300,
};

export async function startTestReference(
  options: { policy?: PolicyId; world?: Partial<SeedOptions>; start?: Date } = {},
): Promise<TestReference> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-reference-test-'));
  const clock = testClock(options.start);
  try {
    const ref = await startReferencePlatform({
      dataDir,
      policy: options.policy ?? 'be',
      clock,
      seedAccounts: true,
      logger: false,
      identity: { scryptLog2N: 14 },
      purgeIntervalMs: 0,
    });
    const seeded = await loadSeedWorld(ref.deps, {
      ...SMALL_WORLD,
      end: clock(),
      ...options.world,
    });
    const groundTruth = JSON.parse(readFileSync(seeded.groundTruthFile!, 'utf8')) as GroundTruth;
    const accounts = Object.fromEntries(
      (ref.platform.ctx.demoAccounts ?? []).map((a) => [a.username, a]),
    );
    return {
      ref,
      url: ref.url,
      issuer: ref.platform.issuer,
      clock,
      accounts,
      groundTruth,
      seeded,
      dataDir,
      async close() {
        try {
          await ref.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

import { startReferencePlatform } from '../platform/reference.ts';

/**
 * Runs a reference platform in its own process for benchmarks (as in a real
 * deployment, where the workstation does not share a CPU thread with it).
 * argv: DATA_DIR CLOCK_OFFSET_MS. Prints one JSON line {url, issuer, accounts}.
 */
const [dataDir, offsetArg] = process.argv.slice(2);
const offset = Number(offsetArg ?? 0);
const ref = await startReferencePlatform({
  dataDir: dataDir!,
  policy: 'be',
  clock: () => new Date(Date.now() + offset),
  seedAccounts: true,
  logger: false,
  purgeIntervalMs: 0,
  dataLimits: { maxRadiusM: 50_000, maxPullReads: 5_000_000, maxCandidates: 10_000_000 },
});
console.log(
  JSON.stringify({
    url: ref.url,
    issuer: ref.platform.issuer,
    accounts: ref.platform.ctx.demoAccounts,
  }),
);
process.on('SIGTERM', () => void ref.close().then(() => process.exit(0)));

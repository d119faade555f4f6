/**
 * Generation speed of the synthetic world, for the benchmark table in bench/.
 * Streams and drops the reads, so it measures generation only.
 */
import {
  buildWorld,
  DEFAULT_CAMERAS,
  DEFAULT_VEHICLES,
  generateReads,
  type SeedOptions,
} from './index.ts';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

/** A fixed end so runs are comparable; the generator never reads the clock. */
const BENCH_END = new Date('2026-03-01T12:00:00Z');

async function measure(
  label: string,
  opts: SeedOptions,
  rows: BenchRow[],
  targetSeconds?: number,
): Promise<void> {
  const t0 = performance.now();
  const world = buildWorld(opts);
  const t1 = performance.now();
  let reads = 0;
  for (const batch of generateReads(world, 10_000)) {
    reads += batch.length;
    // Let the event loop breathe between batches, as a real ingest would.
    if (reads % 500_000 < batch.length) await new Promise((r) => setImmediate(r));
  }
  const t2 = performance.now();
  const seconds = (t2 - t1) / 1000;
  rows.push(
    {
      name: `seed ${label}: build world`,
      value: Math.round(t1 - t0),
      unit: 'ms',
      target: '< 5000',
      note: `${world.cameras.length} cameras, ${world.model.vehicles.length} vehicles`,
    },
    {
      name: `seed ${label}: reads generated`,
      value: reads,
      unit: 'reads',
      note: `${opts.days} days`,
    },
    { name: `seed ${label}: generation rate`, value: Math.round(reads / seconds), unit: 'reads/s' },
    {
      name: `seed ${label}: total time`,
      value: Math.round((t2 - t0) / 100) / 10,
      unit: 's',
      ...(targetSeconds ? { target: `< ${targetSeconds}` } : {}),
    },
  );
}

/**
 * Default demo (45 days, 5,000 cameras, ~3 M reads) and, with `scale`, a
 * benchmark world with `scale` times the vehicles over 7 days.
 */
export async function benchSeed(options: { scale?: number } = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await measure(
    'demo',
    { seed: 1, days: 45, end: BENCH_END, cameras: DEFAULT_CAMERAS, vehicles: DEFAULT_VEHICLES },
    rows,
    60,
  );
  if (options.scale && options.scale > 1) {
    await measure(
      `x${options.scale}`,
      { seed: 1, days: 7, end: BENCH_END, vehicles: DEFAULT_VEHICLES * options.scale },
      rows,
    );
  }
  return rows;
}

import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAnalyses } from '../main/core/analyses/bench.ts';
import { benchSeed } from '../platform/seed/bench.ts';
import { benchHarness } from './harness.ts';
import { benchMapRender } from './map-render.ts';
import { benchPlatform } from './platform.ts';
import { benchIngest } from './ingest.ts';
import { benchData } from '../platform/data/bench.ts';
import { formatTable, type BenchRow } from './table.ts';

/**
 * `npm run bench [-- --json FILE] [--only NAME]`: runs every suite and prints
 * one table. Speed and memory targets live here, never in timed unit tests.
 */
const suites: Record<string, () => Promise<BenchRow[]>> = {
  harness: benchHarness,
  seed: () => benchSeed(),
  analyses: benchAnalyses,
  map: benchMapRender,
  platform: benchPlatform,
  data: () => benchData(),
  ingest: () => benchIngest(),
  // Plate history over 50 M reads: ~20 GB on disk and ~40 min on 2 cores; opt-in, with a
  // larger heap for the bulk loader's id set: NODE_OPTIONS=--max-old-space-size=12288.
  ...(process.env.ANPR_BENCH_50M === '1'
    ? { 'data-50m': () => benchData({ reads: 50_000_000 }) }
    : {}),
};

const { values } = parseArgs({
  options: { json: { type: 'string' }, only: { type: 'string', multiple: true } },
  allowPositionals: false,
});

// Numbers taken on a busy machine mean little: say how busy it was, before and after.
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`bench: ${availableParallelism()} cores, load average ${load()} at start`);
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (values.only && !values.only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...(await run()));
  } catch (error) {
    rows.push({
      name: `${name} (failed)`,
      value: NaN,
      unit: '',
      note: (error as Error).message.slice(0, 120),
    });
  }
}
console.log(formatTable(rows));
console.log(`bench: load average ${load()} at the end`);
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2) + '\n');
if (rows.some((r) => r.name.endsWith('(failed)'))) process.exitCode = 1;

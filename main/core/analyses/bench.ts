/**
 * Benchmark of the route analyses over a large synthetic case in an encrypted
 * store (SQLCipher 4 format, random key, temporary file deleted afterwards),
 * built like the case store: same columns, same indexes, created after the
 * load. Size: `reads` option, else ANPR_BENCH_READS, else 10 million.
 *
 * Register it in bench/run.ts as the `analyses` suite.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convoy } from './convoy.ts';
import { impossibleJourneys } from './impossible-journeys.ts';
import { plateSearch } from './plate-search.ts';
import { createReadsTable, deferReadIndexes, INSERT_READ, insertParams } from './reads-table.ts';
import { sqliteSource } from './sqlite-source.ts';
import { stakeout } from './stakeout.ts';
import { PLANTED, prng, syntheticData, syntheticPlate } from './synthetic.ts';

export interface AnalysesBenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

export interface AnalysesBenchOptions {
  reads?: number;
  /** Progress lines (never data); default: stderr. */
  log?: (line: string) => void;
}

const BATCH = 50_000;

export async function benchAnalyses(
  options: AnalysesBenchOptions = {},
): Promise<AnalysesBenchRow[]> {
  const total = options.reads ?? readsFromEnv() ?? 10_000_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`  analyses: ${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'anpr-analyses-bench-'));
  const file = join(dir, 'case.db');
  const db = new Database(file);
  const rows: AnalysesBenchRow[] = [];
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
    // A throwaway file: no journal, no fsync while loading.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -262144'); // 256 MiB
    db.pragma('threads = 2');
    createReadsTable(db);
    const buildIndexes = deferReadIndexes(db);

    // --- Build -------------------------------------------------------------
    const data = syntheticData({
      reads: total,
      cameras: 1000,
      days: 30,
      seed: 42,
      targetSightings: 500,
    });
    const insert = db.prepare(INSERT_READ);
    const load = db.transaction((batch: unknown[][]) => {
      for (const params of batch) insert.run(...params);
    });
    let t0 = performance.now();
    let batch: unknown[][] = [];
    let loaded = 0;
    for (const r of data.reads()) {
      batch.push(insertParams(r));
      if (batch.length === BATCH) {
        load(batch);
        loaded += batch.length;
        batch = [];
        if (loaded % 1_000_000 === 0) log(`${loaded / 1e6}M reads loaded`);
      }
    }
    load(batch);
    loaded += batch.length;
    const loadS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    buildIndexes();
    const indexS = (performance.now() - t0) / 1000;
    // Queries run with the store's normal settings.
    db.pragma('cache_size = -65536'); // 64 MiB
    log(`built ${loaded} reads in ${(loadS + indexS).toFixed(1)} s`);
    rows.push(
      {
        name: 'analyses: case size',
        value: loaded,
        unit: 'reads',
        note: `${data.cameras.length} cameras, ${data.vehicles} vehicles, 30 days`,
      },
      { name: 'analyses: load (encrypted, 50k/tx)', value: loaded / loadS, unit: 'reads/s' },
      { name: 'analyses: create 4 indexes', value: indexS, unit: 's' },
      {
        name: 'analyses: build total',
        value: loadS + indexS,
        unit: 's',
        target: total >= 10_000_000 ? '< 120 s' : undefined,
        note: `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB on disk`,
      },
    );

    const source = sqliteSource(db);
    const rand = prng(7);

    // --- Plate history ---------------------------------------------------------
    const sizes: number[] = [];
    const history = timeEach(1000, () => {
      const plate = syntheticPlate(Math.floor(rand() * data.vehicles));
      sizes.push(plateSearch(source, { mode: 'exact', plate }).rows.length);
    });
    rows.push(
      { name: 'plate history p50', value: pct(history, 50), unit: 'ms' },
      {
        name: 'plate history p95',
        value: pct(history, 95),
        unit: 'ms',
        target: '< 2 ms',
        note: `random vehicles, mean ${mean(sizes).toFixed(0)} reads`,
      },
    );

    // --- Wildcard search ------------------------------------------------------------
    const prefixed = timeEach(100, () => {
      const plate = syntheticPlate(Math.floor(rand() * data.vehicles));
      plateSearch(source, {
        mode: 'wildcard',
        pattern: `${plate.slice(0, 3)}?${plate.slice(4, 6)}*`,
      });
    });
    rows.push({
      name: 'wildcard search 1AB?12* p95',
      value: pct(prefixed, 95),
      unit: 'ms',
      note: 'literal prefix: index ranges',
    });
    const unprefixed = timeEach(3, () => {
      const plate = syntheticPlate(Math.floor(rand() * data.vehicles));
      plateSearch(source, { mode: 'wildcard', pattern: `?${plate.slice(1, 4)}*` });
    });
    rows.push({
      name: 'wildcard search ?ABC* (median)',
      value: pct(unprefixed, 50),
      unit: 'ms',
      note: 'no literal prefix: whole plate index',
    });

    // --- Stakeout: 1 hour at 5 cameras -----------------------------------------
    const counts: number[] = [];
    const stake = timeEach(200, () => {
      const cameraIds = Array.from(
        { length: 5 },
        () => data.cameras[Math.floor(rand() * data.cameras.length)]!.unitId,
      );
      const from = data.start + Math.floor(rand() * 30 * 24) * 3_600_000;
      const r = stakeout(source, {
        area: { kind: 'cameras', cameraIds },
        from: new Date(from).toISOString(),
        to: new Date(from + 3_600_000).toISOString(),
      });
      counts.push(r.summary.reads);
    });
    rows.push({ name: 'stakeout 1 h × 5 cameras p50', value: pct(stake, 50), unit: 'ms' });
    rows.push({
      name: 'stakeout 1 h × 5 cameras p95',
      value: pct(stake, 95),
      unit: 'ms',
      target: '< 10 ms',
      note: `mean ${mean(counts).toFixed(0)} reads`,
    });

    // --- Stakeout: 1 hour in a 2 km circle (each read's own position) ----------
    const circle = timeEach(100, () => {
      const c = data.cameras[Math.floor(rand() * data.cameras.length)]!;
      const from = data.start + Math.floor(rand() * 30 * 24) * 3_600_000;
      stakeout(source, {
        area: { kind: 'circle', lat: c.lat, lon: c.lon, radiusM: 2000 },
        from: new Date(from).toISOString(),
        to: new Date(from + 3_600_000).toISOString(),
      });
    });
    rows.push({
      name: 'stakeout 1 h × 2 km circle p95',
      value: pct(circle, 95),
      unit: 'ms',
      note: "units near the area, then each read's position",
    });

    // --- Convoy for a target with 500 sightings ---------------------------------
    let found = '';
    const convoyMs = timeEach(5, () => {
      const r = convoy(source, { plate: PLANTED.target, windowSeconds: 60, minCameras: 3 });
      found =
        r.vehicles[0]?.plate === PLANTED.follower ? 'follower ranked first' : 'FOLLOWER NOT FIRST';
    });
    rows.push({
      name: 'convoy, target with 500 sightings (median)',
      value: pct(convoyMs, 50),
      unit: 'ms',
      target: '< 300 ms',
      note: found,
    });

    // --- Impossible journeys over the whole case --------------------------------
    t0 = performance.now();
    const ij = impossibleJourneys(source, {});
    const ijS = (performance.now() - t0) / 1000;
    const cloneFound = ij.pairs.some((p) => p.plate === PLANTED.clone);
    rows.push({
      name: 'impossible journeys, whole case',
      value: ijS,
      unit: 's',
      note: `${(ij.summary.readsScanned / ijS / 1e6).toFixed(2)}M reads/s, ${ij.summary.pairsFound} pairs, clone ${cloneFound ? 'found' : 'NOT FOUND'}`,
    });
    return rows;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function readsFromEnv(): number | undefined {
  const raw = process.env.ANPR_BENCH_READS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1000)
    throw new Error('ANPR_BENCH_READS must be an integer ≥ 1000');
  return n;
}

function timeEach(n: number, fn: () => void): number[] {
  fn(); // warm-up: statement preparation, page cache
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

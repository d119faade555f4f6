import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { POLICY_PACKS } from '../common/policy.ts';
import type { Read } from '../common/read.ts';
import { createSqliteStore } from '../platform/data/store.ts';
import { importFile } from '../platform/importers/import.ts';
import { loadMapping } from '../platform/importers/mapping.ts';
import { UnitStore } from '../platform/ingest/units.ts';
import { startReferencePlatform } from '../platform/reference.ts';
import { openEncrypted } from '../platform/store/sqlite.ts';
import type { BenchRow } from './table.ts';

/**
 * Ingest benchmarks: the ingest API over loopback HTTP with 4 concurrent
 * units (into a fresh store and into one already holding a million reads),
 * and the file importer on a generated 1M-row vendor-style CSV, plain and
 * gzip-compressed (decompressed as it streams; public releases come as
 * `.csv.gz`). The
 * platform runs in this process as shipped (reference platform, encrypted
 * SQLite); the units run in a worker thread. Everything in temp dirs.
 */

const TARGET = '>= 20000';
/** Issue #17: a public release of ~100k rows per file should load in about 2 s. */
const GZIP_TARGET = '>= 50000';
const UNITS = 4;
const LETTERS = 'ABCDEFGHJKLMNPRSTVWXYZ';

function plate(rnd: () => number): string {
  let s = String(1 + Math.floor(rnd() * 2));
  for (let k = 0; k < 3; k++) s += LETTERS[Math.floor(rnd() * LETTERS.length)];
  return s + String(Math.floor(rnd() * 1000)).padStart(3, '0');
}

/** Already-present reads for the "large table" case, in batches (never all in memory). */
function* preloadBatches(total: number, nowMs: number): Generator<Read[]> {
  const span = 300 * 86_400_000;
  for (let i = 0; i < total; i += 10_000) {
    const batch: Read[] = [];
    for (let k = i; k < Math.min(total, i + 10_000); k++) {
      const p = plate(Math.random);
      batch.push({
        id: randomUUID(),
        plateRaw: p,
        plate: p,
        country: 'BE',
        capturedAt: new Date(
          nowMs - span + Math.floor((k / total) * (span - 86_400_000)),
        ).toISOString(),
        lat: 50.8,
        lon: 4.3,
        heading: null,
        unitSpeedKmh: null,
        unitId: `CAM-${k % 400}`,
        unitType: 'fixed',
        lane: 1,
        direction: 'N',
        operator: 'federal',
        source: 'Bench',
        confidence: 0.9,
        alternatives: [],
        vehicle: null,
        images: [],
        hit: false,
        hitCategory: null,
      });
    }
    yield batch;
  }
}

async function apiRun(options: { reads: number; batchSize: number; preload: number }): Promise<{
  rate: number;
  seconds: number;
  accepted: number;
  retries: number;
  preloadS: number;
  /** CPU time of this process (the platform) during the run. */
  cpuSeconds: number;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-bench-ingest-'));
  const ref = await startReferencePlatform({
    dataDir,
    policy: 'be',
    logger: false,
    purgeIntervalMs: 0,
    env: { ANPR_PLATFORM_DB_KEY: randomBytes(32).toString('hex') },
  });
  try {
    const clock = ref.platform.ctx.clock;
    let preloadS = 0;
    if (options.preload > 0) {
      const t = performance.now();
      await ref.store.bulkIngest(preloadBatches(options.preload, clock().getTime()), {
        now: clock(),
      });
      preloadS = (performance.now() - t) / 1000;
    }
    const units = new UnitStore(ref.platform.ctx.db, clock);
    const creds = Array.from({ length: UNITS }, (_, i) => {
      const mobile = i % 2 === 1;
      const issued = units.create(
        {
          id: `BENCH-${i}`,
          unitType: mobile ? 'mobile-manned' : 'fixed',
          source: 'BenchCam',
        },
        'bench',
      );
      return { id: issued.unit.id, token: issued.token, mobile };
    });
    const batches = Math.max(1, Math.round(options.reads / (UNITS * options.batchSize)));
    const cpu0 = process.cpuUsage();
    const result = await new Promise<{ seconds: number; accepted: number; retries: number }>(
      (resolve, reject) => {
        const client = fork(new URL('./ingest-client.ts', import.meta.url), {
          serialization: 'json',
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        client.once('message', (m) =>
          resolve(m as { seconds: number; accepted: number; retries: number }),
        );
        client.once('error', reject);
        client.once('exit', (code) => {
          if (code !== 0) reject(new Error(`ingest client exited with ${code}`));
        });
        client.send({
          url: ref.url,
          units: creds,
          batches,
          batchSize: options.batchSize,
          nowMs: clock().getTime(),
        });
      },
    );
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { ...result, rate: result.accepted / result.seconds, preloadS, cpuSeconds };
  } finally {
    await ref.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A vendor-style export (see resources/mappings/vendor-example.json), streamed to disk, gzipped when asked. */
async function writeVendorCsv(
  file: string,
  rows: number,
  nowMs: number,
  gzip = false,
): Promise<void> {
  const sink = createWriteStream(file);
  const out: Writable = gzip ? createGzip() : sink;
  if (gzip) out.pipe(sink);
  const closed = new Promise<void>((resolve, reject) => {
    sink.once('close', resolve);
    sink.once('error', reject);
  });
  const codes = ['B', 'B', 'B', 'B', 'NL', 'F', 'D', 'L', 'PL', 'US-TX', '?'];
  out.write(
    'ReadID;Plate;Country/State;TimestampUTC;CameraID;Latitude;Longitude;Confidence;Lane;Direction;Make;Colour;PlateImage;OverviewImage\n',
  );
  const t0 = nowMs - 20 * 86_400_000;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const cam = i % 300;
    const t = new Date(t0 + i * 1500).toISOString().replace('T', ' ').replace('Z', '');
    chunk +=
      `${1_000_000 + i};${plate(Math.random)};${codes[i % codes.length]};${t};CAM-${cam};` +
      `${(50.5 + cam * 0.001).toFixed(4).replace('.', ',')};${(4.1 + cam * 0.002).toFixed(4).replace('.', ',')};` +
      `${60 + (i % 40)};${1 + (i % 3)};towards Brussels;;;img/${i}-p.jpg;img/${i}-o.jpg\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await closed;
}

async function csvRun(
  rows: number,
  gzip = false,
): Promise<{ rate: number; seconds: number; accepted: number; mb: number; cpuSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'anpr-bench-import-'));
  const db = openEncrypted(join(dir, 'platform.db'), randomBytes(32).toString('hex'));
  try {
    const now = new Date();
    const file = join(dir, gzip ? 'export.csv.gz' : 'export.csv');
    await writeVendorCsv(file, rows, now.getTime(), gzip);
    const store = createSqliteStore(db, { pack: POLICY_PACKS.be });
    const mapping = loadMapping(
      join(import.meta.dirname, '..', 'resources', 'mappings', 'vendor-example.json'),
    );
    const cpu0 = process.cpuUsage();
    const summary = await importFile(store, {
      file,
      mapping,
      source: 'BenchVendor',
      clock: () => now,
      reportFile: join(dir, 'report.csv'),
    });
    const cpu = process.cpuUsage(cpu0);
    if (
      summary.rows !== rows ||
      summary.rejected !== 0 ||
      summary.compression !== (gzip ? 'gzip' : null)
    )
      throw new Error(`import bench: ${summary.rows} rows, ${summary.rejected} rejected`);
    return {
      rate: summary.accepted / summary.seconds,
      seconds: summary.seconds,
      accepted: summary.accepted,
      mb: statSync(file).size / 1e6,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The platform's CPU per read: what the rate would be on a core of its own (the machine is shared). */
function cpuPerRead(r: { accepted: number; cpuSeconds: number }): string {
  const us = (r.cpuSeconds * 1e6) / Math.max(1, r.accepted);
  return `platform CPU ${us.toFixed(0)} µs/read`;
}

export async function benchIngest(
  options: {
    apiReads?: number;
    preload?: number;
    csvRows?: number;
    batchSize?: number;
    /** false: only the import rows (a quick run of the importer alone). */
    api?: boolean;
  } = {},
): Promise<BenchRow[]> {
  const batchSize = options.batchSize ?? 10_000;
  const apiReads = options.apiReads ?? 200_000;
  const preload = options.preload ?? 1_000_000;
  const csvRows = options.csvRows ?? 1_000_000;
  const rows: BenchRow[] = [];

  const api = options.api ?? true;
  const fresh = api ? await apiRun({ reads: apiReads, batchSize, preload: 0 }) : null;
  if (fresh)
    rows.push({
      name: 'ingest API: 4 units over HTTP, fresh store',
      value: fresh.rate,
      unit: 'reads/s',
      target: TARGET,
      note: `${fresh.accepted} reads in ${fresh.seconds.toFixed(1)} s, ${batchSize}-read NDJSON batches, ${fresh.retries} x 503; ${cpuPerRead(fresh)}`,
    });

  if (api && preload > 0) {
    const loaded = await apiRun({ reads: apiReads, batchSize, preload });
    rows.push({
      name: `ingest API: 4 units over HTTP, ${preload / 1e6}M reads stored`,
      value: loaded.rate,
      unit: 'reads/s',
      target: TARGET,
      note: `${loaded.accepted} reads in ${loaded.seconds.toFixed(1)} s, ${loaded.retries} x 503 (preload ${loaded.preloadS.toFixed(0)} s); ${cpuPerRead(loaded)}`,
    });
  }

  if (csvRows > 0) {
    const csv = await csvRun(csvRows);
    rows.push({
      name: `import: ${csvRows / 1e6}M-row vendor CSV`,
      value: csv.rate,
      unit: 'reads/s',
      target: TARGET,
      note: `${csv.accepted} reads in ${csv.seconds.toFixed(1)} s, ${csv.mb.toFixed(0)} MB file, vendor-example.json; ${cpuPerRead(csv)}`,
    });
    const gz = await csvRun(csvRows, true);
    rows.push({
      name: `import: ${csvRows / 1e6}M-row gzip CSV`,
      value: gz.rate,
      unit: 'reads/s',
      target: GZIP_TARGET,
      note: `${gz.accepted} reads in ${gz.seconds.toFixed(1)} s, ${gz.mb.toFixed(0)} MB .csv.gz streamed through node:zlib; ${cpuPerRead(gz)}`,
    });
  }
  return rows;
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  const n = (i: number) => (process.argv[i] ? Number(process.argv[i]) : undefined);
  console.log(
    formatTable(
      await benchIngest({
        ...(n(2) !== undefined ? { apiReads: n(2)! } : {}),
        ...(n(3) !== undefined ? { preload: n(3)! } : {}),
        ...(n(4) !== undefined ? { csvRows: n(4)! } : {}),
        // `node bench/ingest.ts 0 0 1000000`: the import rows alone.
        ...(n(2) === 0 ? { api: false } : {}),
      }),
    ),
  );
}

import { randomBytes, randomUUID } from 'node:crypto';
import { seededRandom } from '../../common/random.ts';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { openEncrypted } from '../store/sqlite.ts';
import type { QueryContext } from './access.ts';
import { createSqliteStore } from './store.ts';

/**
 * Data-layer benchmark for `npm run bench`: bulk (seed) ingest and live
 * ingest into the encrypted database, and plate-history latency over about
 * a million reads. Everything in a temp dir, removed afterwards; ~30-60 s.
 */

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

const NOW = new Date('2026-03-15T12:00:00.000Z');
const DAY = 86_400_000;
const LETTERS = 'ABCDEFGHJKLMNPRSTVWXYZ';

function makePlates(n: number, rnd: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = String(1 + Math.floor(rnd() * 2));
    for (let k = 0; k < 3; k++) s += LETTERS[Math.floor(rnd() * LETTERS.length)];
    s += String(Math.floor(rnd() * 1000)).padStart(3, '0');
    out.push(s);
  }
  return out;
}

function makeReads(
  n: number,
  plates: string[],
  rnd: () => number,
  spanMs: number,
  position: { index: number; of: number } = { index: 0, of: n },
): Read[] {
  const cams = Array.from({ length: 400 }, (_, i) => ({
    id: `CAM-${i}`,
    lat: 50.6 + (i % 20) * 0.03,
    lon: 3.9 + Math.floor(i / 20) * 0.05,
  }));
  const reads: Read[] = new Array(n);
  const t0 = NOW.getTime() - spanMs;
  for (let i = 0; i < n; i++) {
    const plate = plates[Math.floor(rnd() ** 1.5 * plates.length)]!;
    const cam = cams[Math.floor(rnd() * cams.length)]!;
    reads[i] = {
      id: randomUUID(),
      plateRaw: plate,
      plate,
      country: 'BE',
      // Roughly time-ordered, as reads arrive.
      capturedAt: new Date(
        t0 + Math.floor(((position.index + i + rnd()) / position.of) * spanMs),
      ).toISOString(),
      lat: cam.lat,
      lon: cam.lon,
      heading: null,
      unitSpeedKmh: null,
      unitId: cam.id,
      unitType: 'fixed',
      lane: 1 + Math.floor(rnd() * 3),
      direction: 'N',
      operator: 'federal',
      source: 'Bench',
      confidence: 0.8 + rnd() * 0.2,
      alternatives: [],
      vehicle: null,
      images: [`img/${i}.jpg`],
      hit: false,
      hitCategory: null,
    };
  }
  return reads;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export async function benchData(options: { reads?: number } = {}): Promise<BenchRow[]> {
  const total = options.reads ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'anpr-bench-data-'));
  const rows: BenchRow[] = [];
  const db = openEncrypted(join(dir, 'platform.db'), randomBytes(32).toString('hex'));
  try {
    const store = createSqliteStore(db, { pack: POLICY_PACKS.be, cacheMiB: 256 });
    const rnd = seededRandom(42);
    const plates = makePlates(Math.min(Math.round(total / 6), 2_000_000), rnd);

    // Seed path: deferred indexes, one transaction per 10k reads. Reads are
    // generated batch by batch so 50 M never sit in memory at once.
    const batches = function* () {
      for (let i = 0; i < total; i += 10_000) {
        const n = Math.min(10_000, total - i);
        yield makeReads(n, plates, rnd, 330 * DAY, { index: i, of: total });
      }
    };
    const t0 = performance.now();
    const bulk = await store.bulkIngest(batches(), { now: NOW });
    const bulkS = (performance.now() - t0) / 1000;
    rows.push({
      name: 'data: seed ingest (bulk, encrypted)',
      value: Math.round(bulk.accepted / bulkS),
      unit: 'reads/s',
      target: '>= 150000',
      note: `${bulk.accepted} reads; insert ${(bulk.insertMs / 1000).toFixed(1)} s + index build ${(bulk.indexMs / 1000).toFixed(1)} s; db ${Math.round(statSync(join(dir, 'platform.db')).size / 1e6)} MB`,
    });

    // Live paths into the now-indexed table.
    const extra = makeReads(50_000, plates, rnd, 2 * DAY);
    const t1 = performance.now();
    const trusted = await store.ingestTrusted(extra.slice(0, 40_000), { now: NOW });
    rows.push({
      name: 'data: trusted ingest into indexed table',
      value: Math.round(trusted.accepted / ((performance.now() - t1) / 1000)),
      unit: 'reads/s',
      note: `5 indexes maintained, ${total} reads present`,
    });
    const t2 = performance.now();
    let validated = 0;
    for (let i = 40_000; i < 50_000; i += 1_000)
      validated += (await store.ingest(extra.slice(i, i + 1_000), { now: NOW })).accepted;
    rows.push({
      name: 'data: validated ingest (zod, 1k batches)',
      value: Math.round(validated / ((performance.now() - t2) / 1000)),
      unit: 'reads/s',
    });

    // Plate history over the whole period: auth + candidate scan + per-read gate + page fetch.
    const c = await store.createCase(
      {
        number: 'BENCH-1',
        title: 'Bench',
        offence: 'Bench',
        legalBasis: 'Bench',
        purpose: 'judicial',
        assignedOfficers: ['det-bench'],
      },
      { now: NOW },
    );
    const q: QueryContext = {
      officer: { id: 'det-bench', roles: ['detective'] },
      caseId: c.id,
      purpose: 'judicial',
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: 'Benchmark of plate history latency over one million reads',
      now: NOW,
    };
    const timings = async (n: number, f: (i: number) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await f(i);
        ms.push(performance.now() - s);
      }
      return ms.sort((a, b) => a - b);
    };
    const exact = await timings(300, (i) =>
      store.plateHistory(q, {
        plate: plates[Math.floor(seededRandom(i)() ** 1.5 * plates.length)]!,
      }),
    );
    rows.push({
      name: 'data: plate history exact p50',
      value: +percentile(exact, 0.5).toFixed(2),
      unit: 'ms',
      note: `${total} reads`,
    });
    rows.push({
      name: 'data: plate history exact p95',
      value: +percentile(exact, 0.95).toFixed(2),
      unit: 'ms',
    });
    const fuzzy = await timings(100, (i) =>
      store.plateHistory(q, { plate: plates[i]!, match: 'fuzzy', maxSubstitutions: 2 }),
    );
    rows.push({
      name: 'data: plate history fuzzy p95',
      value: +percentile(fuzzy, 0.95).toFixed(2),
      unit: 'ms',
    });
    const wild = await timings(100, (i) =>
      store.plateHistory(q, {
        plate: plates[i]!.slice(0, 4) + '?' + plates[i]!.slice(5),
        match: 'wildcard',
      }),
    );
    rows.push({
      name: 'data: plate history wildcard p95',
      value: +percentile(wild, 0.95).toFixed(2),
      unit: 'ms',
    });
    const area = await timings(50, (i) =>
      store.areaQuery(q, {
        area: {
          kind: 'circle',
          lat: 50.6 + (i % 20) * 0.03,
          lon: 3.9 + (i % 20) * 0.05,
          radiusM: 1_000,
        },
        from: new Date(NOW.getTime() - 2 * DAY).toISOString(),
        to: NOW.toISOString(),
        limit: 500,
      }),
    );
    rows.push({
      name: 'data: area query (1 km, 2 days) p95',
      value: +percentile(area, 0.95).toFixed(2),
      unit: 'ms',
    });

    const t3 = performance.now();
    const purge = await store.purgeExpired(new Date(NOW.getTime() + 60 * DAY));
    rows.push({
      name: 'data: purge',
      value: Math.round(purge.deleted / ((performance.now() - t3) / 1000)),
      unit: 'reads/s',
      note: `${purge.deleted} reads in ${purge.chunks} chunks, incl. checkpoint`,
    });
    store.close();
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? 1_000_000);
  for (const r of await benchData({ reads: n })) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.value).padStart(10)} ${r.unit.padEnd(8)} ${r.target ? `(target ${r.target})` : ''} ${r.note ?? ''}`,
    );
  }
}

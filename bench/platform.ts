import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookalikeKey } from '../common/plates.ts';
import type { Read } from '../common/read.ts';
import { configFromEnv } from '../main/core/config.ts';
import type { SecretStore } from '../main/core/keychain.ts';
import { CaseStore, type CaseRead } from '../main/core/store/case-store.ts';
import { createWorkstation } from '../main/core/workstation.ts';
import { startReferencePlatform } from '../platform/reference.ts';
import { loadSeedWorld } from '../platform/seed-loader.ts';
import { completeAuthorization } from '../platform/testing/browser-login.ts';
import { loginHeadless } from '../platform/testing/login.ts';
import { percentile, type BenchRow } from './table.ts';

/**
 * Platform and data-path benchmarks on the demo seed (45 days, ~5,000
 * cameras, ~3 M reads): seeding into the encrypted platform store,
 * plate-history latency over HTTP, pull throughput for 1 and 20 clients,
 * and a ~1 M-read pull into a workstation's encrypted case store compared
 * with the raw encrypted insert rate measured in the same run.
 */
export async function benchPlatform(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'anpr-bench-platform-'));
  // First, before any server runs in this process: it blocks the event loop.
  const raw = rawInsertRate(dir);
  let closed = false;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const ref = await startReferencePlatform({
    dataDir: join(dir, 'platform'),
    policy: 'be',
    clock,
    seedAccounts: true,
    logger: false,
    purgeIntervalMs: 0,
    // Bench-only: one pull may cover a large area so it moves ~1 M reads.
    dataLimits: { maxRadiusM: 50_000, maxPullReads: 5_000_000, maxCandidates: 10_000_000 },
  });
  try {
    const t0 = performance.now();
    const seeded = await loadSeedWorld(ref.deps, {
      seed: 20261122,
      days: 45,
      end: clock(),
      // A small world for checking the bench itself quickly.
      ...(process.env.ANPR_BENCH_SMALL === '1' ? { cameras: 400, vehicles: 500 } : {}),
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    rows.push({
      name: 'platform: seed demo world into encrypted store',
      value: seeded.reads / seedSeconds,
      unit: 'reads/s',
      note: `${(seeded.reads / 1e6).toFixed(2)} M reads in ${seedSeconds.toFixed(0)} s (generation + ingest + indexes)`,
    });

    const accounts = Object.fromEntries(
      (ref.platform.ctx.demoAccounts ?? []).map((a) => [a.username, a]),
    );
    const token = async (username: string) => {
      offset += 30_000;
      const a = accounts[username]!;
      return (
        await loginHeadless({
          issuer: ref.platform.issuer,
          username,
          password: a.password,
          totpSecret: a.totpSecret,
          totpTime: clock(),
        })
      ).accessToken;
    };
    const detective = await token('detective1');
    const caseId = (await ref.store.listCasesForOfficer(accounts.detective1!.id))[0]!.id;
    const justification = 'Benchmark of the reference platform on synthetic data only.';
    const post = async (path: string, body: unknown, bearer = detective) => {
      const res = await fetch(new URL(path, ref.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };

    // Plate history over HTTP: random plates seen in the last 30 days.
    const now = clock().getTime();
    const range = {
      from: new Date(now - 29 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    };
    const plates = (
      ref.platform.ctx.db
        .prepare('SELECT plate FROM reads WHERE captured_at > ? ORDER BY random() LIMIT 300')
        .all(now - 29 * 86_400_000) as Array<{ plate: string }>
    ).map((r) => r.plate);
    const latencies: number[] = [];
    for (const plate of plates) {
      const s = performance.now();
      await post('/api/v1/queries/plate-history', {
        caseId,
        purpose: 'judicial',
        reasonCode: 'suspect-vehicle',
        justification,
        plate,
        range,
      });
      latencies.push(performance.now() - s);
    }
    rows.push(
      {
        name: 'platform: plate history over HTTP, demo seed, p50',
        value: percentile(latencies, 50),
        unit: 'ms',
        note: `${plates.length} plates, auth + gate + audit`,
      },
      {
        name: 'platform: plate history over HTTP, demo seed, p95',
        value: percentile(latencies, 95),
        unit: 'ms',
      },
    );

    // Pull throughput: one large pull, then 20 clients at once.
    const pullArea = async (
      lat: number,
      lon: number,
      radiusM: number,
      days: number,
      bearer = detective,
    ) => {
      const created = (await post(
        '/api/v1/pulls',
        {
          caseId,
          purpose: 'judicial',
          reasonCode: 'scene-presence',
          justification,
          query: {
            kind: 'area',
            area: { kind: 'circle', lat, lon, radiusM },
            range: {
              from: new Date(now - days * 86_400_000).toISOString(),
              to: new Date(now).toISOString(),
            },
          },
        },
        bearer,
      )) as { pullId: string; total: number };
      const res = await fetch(new URL(`/api/v1/pulls/${created.pullId}/reads`, ref.url), {
        headers: { Authorization: `Bearer ${bearer}`, 'Accept-Encoding': 'gzip' },
      });
      let lines = 0;
      const decoder = new TextDecoder();
      for await (const chunk of res.body!)
        for (const ch of decoder.decode(chunk as Uint8Array, { stream: true }))
          if (ch === '\n') lines++;
      return { total: created.total, lines };
    };
    let s = performance.now();
    const one = await pullArea(50.85, 4.35, 15_000, 10);
    const oneRate = one.total / ((performance.now() - s) / 1000);
    rows.push({
      name: 'platform: pull throughput, 1 client (NDJSON + gzip)',
      value: oneRate,
      unit: 'reads/s',
      note: `${one.total.toLocaleString('en')} reads`,
    });
    const towns: Array<[number, number]> = [
      [50.85, 4.35],
      [51.22, 4.4],
      [51.05, 3.72],
      [50.63, 5.57],
      [50.41, 4.44],
      [51.21, 3.22],
      [50.88, 4.7],
      [50.47, 4.87],
      [50.45, 3.95],
      [50.83, 3.26],
    ];
    s = performance.now();
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pullArea(...towns[i % towns.length]!, 8_000, 3 + (i % 3)),
      ),
    );
    const manyTotal = many.reduce((a, b) => a + b.total, 0);
    rows.push({
      name: 'platform: pull throughput, 20 concurrent clients',
      value: manyTotal / ((performance.now() - s) / 1000),
      unit: 'reads/s',
      note: `${manyTotal.toLocaleString('en')} reads in total`,
    });

    // The workstation pull runs against the same platform in its own process.
    await ref.close();
    closed = true;
    // The child's clock uses the same offset as ours, a fresh TOTP step ahead of
    // the last sign-in, so the codes we compute are the ones it expects.
    offset += 60_000;
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'platform-server.ts'), join(dir, 'platform'), String(offset)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`platform process exited (${code})`)));
      });
      const remote = JSON.parse(first) as { url: string };
      rows.push(
        ...(await benchWorkstationPull(
          remote.url,
          clock,
          () => {},
          accounts.detective1!,
          caseId,
          dir,
          raw,
        )),
      );
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    if (!closed) await ref.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** In-memory secrets: the bench measures storage, not the OS keychain. */
function memorySecrets(): SecretStore {
  const m = new Map<string, string>();
  return {
    get: async (a) => m.get(a) ?? null,
    set: async (a, v) => void m.set(a, v),
    delete: async (a) => m.delete(a),
  };
}

async function benchWorkstationPull(
  platformUrl: string,
  clock: () => Date,
  nextStep: () => void,
  account: { username: string; password: string; totpSecret: string },
  caseId: string,
  dir: string,
  raw: { rate: number; reads: number },
): Promise<BenchRow[]> {
  const rawRate = raw.rate;
  const n = raw.reads;

  // The real path: workstation signs in, pulls ~1 M reads over HTTP into its worker-held store.
  const config = configFromEnv(
    { ANPR_PLATFORM_URL: platformUrl, ANPR_DATA_DIR: join(dir, 'ws') },
    'bench',
  );
  const ws = createWorkstation(config, { clock, secrets: memorySecrets() });
  const started = (await ws.handlers['session.beginSignIn']({}, { transport: 'browser' })) as {
    authorizationUrl: string;
  };
  nextStep();
  await completeAuthorization({
    authorizationUrl: started.authorizationUrl,
    ...account,
    at: clock(),
  });
  for (let i = 0; ws.session.status().state !== 'active'; i++) {
    if (i > 1500) throw new Error('bench: the workstation did not finish signing in within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  // This process seeded the platform earlier, so its RSS is already high: report
  // both the peak and what the pull itself added.
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const now = clock().getTime();
  let s = performance.now();
  const status = (await ws.handlers['pulls.start'](
    {
      caseId,
      offenceType: 'be-property',
      reasonCode: 'scene-presence',
      justification: 'Benchmark of the workstation pull on synthetic data only.',
      query: {
        kind: 'area',
        area: { kind: 'circle', lat: 50.85, lon: 4.35, radiusM: 50_000 },
        range: {
          from: new Date(now - 29 * 86_400_000).toISOString(),
          to: new Date(now).toISOString(),
        },
      },
    },
    { transport: 'browser' },
  )) as { pullId: string; total: number };
  await ws.pulls.settled(status.pullId);
  const seconds = (performance.now() - s) / 1000;
  clearInterval(sampler);
  const final = await ws.pulls.status(caseId, status.pullId);
  const pullRate = final.stored / seconds;
  await ws.stores.close(caseId);
  s = performance.now();
  await ws.stores.open(caseId);
  const openMs = performance.now() - s;
  await ws.close();
  return [
    {
      name: 'workstation: raw encrypted insert into a case store',
      value: rawRate,
      unit: 'reads/s',
      note: `${n.toLocaleString('en')} synthetic reads, batches of 5,000`,
    },
    {
      name: 'workstation: pull platform → encrypted case store',
      value: pullRate,
      unit: 'reads/s',
      note: `${final.stored.toLocaleString('en')} reads (${final.state}) in ${seconds.toFixed(0)} s`,
    },
    {
      name: 'workstation: pull rate / raw insert rate',
      value: pullRate / rawRate,
      unit: 'ratio',
      target: '>= 0.5',
    },
    {
      name: 'workstation: open a case store',
      value: openMs,
      unit: 'ms',
      note: `${final.stored.toLocaleString('en')} reads, quick_check included`,
    },
    {
      name: 'workstation: memory growth during the pull',
      value: (peak - startRss) / 2 ** 20,
      unit: 'MiB',
      note: `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB incl. the earlier in-process seeding; platform in its own process`,
    },
  ];
}

/** Raw encrypted insert rate: the same store code, in-process, synthetic reads (generation excluded). */
function rawInsertRate(dir: string): { rate: number; reads: number } {
  const now = new Date();
  const store = CaseStore.open(join(dir, 'raw.anprcase'), randomBytes(32).toString('hex'));
  const pullId = randomUUID();
  store.beginPull({ id: pullId, params: {}, now });
  // As many reads as the pull brings (~1 M), so both fill a store to the same size.
  const n = 1_000_000;
  let ms = 0;
  for (let i = 0; i < n; i += 5000) {
    const batch = Array.from({ length: 5000 }, (_, k) => syntheticRead(i + k, now));
    const s = performance.now();
    store.insertReads(batch, pullId, String(i), { now });
    ms += performance.now() - s;
  }
  store.close();
  return { rate: n / (ms / 1000), reads: n };
}

function syntheticRead(i: number, now: Date): CaseRead {
  const plate = `1ABC${String(i % 100_000).padStart(5, '0')}`.slice(0, 7);
  const read: Read = {
    id: randomUUID(),
    plateRaw: plate,
    plate,
    country: 'BE',
    capturedAt: new Date(now.getTime() - (i % 2_000_000) * 1000).toISOString(),
    lat: 50.8 + (i % 1000) / 10_000,
    lon: 4.3 + (i % 997) / 10_000,
    heading: null,
    unitSpeedKmh: null,
    unitId: `CAM-${i % 5000}`,
    unitType: 'fixed',
    lane: 1,
    direction: 'N',
    operator: 'federal',
    source: 'bench',
    confidence: 0.95,
    alternatives: [],
    vehicle: null,
    images: [],
    hit: false,
    hitCategory: null,
  };
  return {
    ...read,
    plateKey: lookalikeKey(plate),
    retentionUntil: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    approvalId: null,
  };
}

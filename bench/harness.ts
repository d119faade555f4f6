import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract } from '../common/api/contract.ts';
import { dispatch } from '../common/api/dispatch.ts';
import { configFromEnv } from '../main/core/config.ts';
import { createWorkstation } from '../main/core/workstation.ts';
import { startHost } from '../main/host/server.ts';
import { StoreHost } from '../main/core/store/client.ts';
import { fakeReads } from '../main/core/store/fixtures/reads.ts';
import { newStoreKey } from '../main/core/store/open.ts';
import { percentile, type BenchRow } from './table.ts';

/** The harness's own rows: the cost of the API layer itself, in-process and over the loopback host. */
export async function benchHarness(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-bench-'));
  const workstation = createWorkstation(configFromEnv({ ANPR_DATA_DIR: dataDir }, 'bench'));
  const n = 50_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await dispatch(
      contract,
      workstation.handlers,
      'settings.update',
      { theme: 'dark' },
      { transport: 'browser' },
    );
  }
  const inProcess = n / ((performance.now() - t0) / 1000);

  const host = await startHost({ workstation, rendererDir: dataDir, token: 'bench-token' });
  const samples: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    const s = performance.now();
    const res = await fetch(`${host.origin}/api/app.info`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer bench-token',
        Origin: host.origin,
      },
      body: '{}',
    });
    await res.json();
    samples.push(performance.now() - s);
  }
  await host.close();
  const pause = await workerInsertPause(dataDir);
  return [
    {
      name: 'storage worker: longest main-loop pause while 200k reads are inserted',
      value: pause,
      unit: 'ms',
      target: '< 200 ms',
      note: 'the UI thread must not wait for SQLite',
    },
    {
      name: 'api dispatch, validated, in-process',
      value: inProcess,
      unit: 'calls/s',
      note: 'zod in + out',
    },
    {
      name: 'browser host API round trip p50',
      value: percentile(samples, 50),
      unit: 'ms',
      target: '< 5 ms',
    },
    {
      name: 'browser host API round trip p95',
      value: percentile(samples, 95),
      unit: 'ms',
      target: '< 10 ms',
    },
  ];
}

/** The longest gap between 10 ms ticks of the main event loop while the worker writes. */
async function workerInsertPause(dataDir: string): Promise<number> {
  const stores = new StoreHost({ dataDir: join(dataDir, 'worker-pause') });
  const now = new Date('2026-03-10T12:00:00Z');
  try {
    await stores.openCase('bench', newStoreKey());
    await stores.case('bench').beginPull({ id: 'p', params: {}, now });
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const t = performance.now();
      longest = Math.max(longest, t - last);
      last = t;
    }, 10);
    try {
      for (let offset = 0; offset < 200_000; offset += 2_000) {
        await stores.insertReads('bench', fakeReads(offset, 2_000), 'p', { offset }, { now });
      }
    } finally {
      clearInterval(timer);
    }
    return longest;
  } finally {
    await stores.terminate();
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreHost } from './client.ts';
import { StoreNotOpenError, StoreWorkerError, StoreWrongKeyError } from './errors.ts';
import { fakeReads } from './fixtures/reads.ts';
import { newStoreKey } from './open.ts';

let dir: string;
let host: StoreHost;
const now = new Date('2026-03-10T12:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-worker-'));
  host = new StoreHost({ dataDir: dir });
});
afterEach(async () => {
  await host.terminate();
  rmSync(dir, { recursive: true, force: true });
});

describe('StoreHost and the storage worker', () => {
  // How responsive the loop stays is measured in `npm run bench` (harness suite);
  // here only the behaviour: the insert runs off the main thread, so the main
  // event loop keeps turning while one large batch is being written.
  it('keeps the main event loop running while the worker inserts a large batch', async () => {
    await host.openCase('big', newStoreKey());
    const store = host.case('big');
    await store.beginPull({ id: 'p', params: {}, now });

    let turns = 0;
    let settled = false;
    const spin = () => {
      if (settled) return;
      turns++;
      setImmediate(spin);
    };
    const insert = host
      .insertReads('big', fakeReads(0, 100_000), 'p', { offset: 100_000 }, { now })
      .finally(() => {
        settled = true;
      });
    setImmediate(spin);
    await insert;
    expect(await host.query('big', 'readCount')).toBe(100_000);
    // Inserting on the main thread would block it for the whole batch: not one turn.
    expect(turns).toBeGreaterThan(1);
  }, 120_000);

  it('delivers typed errors across the thread boundary', async () => {
    await host.openCase('c', newStoreKey());
    await host.closeCase('c');
    const wrong = await host.openCase('c', newStoreKey()).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(StoreWrongKeyError);
    expect((wrong as StoreWrongKeyError).recovery).toBe('re-pull');

    const notOpen = await host.query('c', 'readCount').catch((e: unknown) => e);
    expect(notOpen).toBeInstanceOf(StoreNotOpenError);
  });

  it('answers queries with plain data and survives a shred of an open case', async () => {
    const key = newStoreKey();
    await host.openCase('q', key);
    const store = host.case('q');
    await store.beginPull({ id: 'p', params: {}, now });
    await store.insertReads(fakeReads(0, 5, { plate: 'AB12CD' }), 'p', { page: 1 }, { now });
    const reads = await host.query('q', 'readsByPlate', { plate: 'AB12CD' });
    expect(reads).toHaveLength(5);
    expect(await host.shredCase('q')).toEqual(expect.arrayContaining(['q.anprcase']));
    expect(await host.query('q', 'readCount').catch((e: unknown) => e)).toBeInstanceOf(
      StoreNotOpenError,
    );
  });

  it('if the worker dies, pending calls fail with StoreWorkerError and the next call starts a fresh worker', async () => {
    const key = newStoreKey();
    await host.openCase('w', key);
    await host.call('w', 'beginPull', { id: 'p', params: {}, now });
    // A batch long enough that the worker is still inside it when it dies.
    const pending = host.insertReads('w', fakeReads(0, 20_000), 'p', { offset: 20_000 }, { now });
    await new Promise((r) => setTimeout(r, 50));
    await host['worker']!.terminate(); // what a crash of the worker looks like from here
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(StoreWorkerError);
    // Keys lived only in the dead worker's memory: the case must be opened again.
    expect(await host.query('w', 'readCount').catch((e: unknown) => e)).toBeInstanceOf(
      StoreNotOpenError,
    );
    await host.openCase('w', key);
    // The interrupted batch is all or nothing.
    expect([0, 20_000]).toContain(await host.query('w', 'readCount'));
  });
});

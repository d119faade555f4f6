import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { createSqliteStore, type PlatformStore } from '../data/store.ts';
import { openEncrypted, type Db } from '../store/sqlite.ts';
import { IngestBusyError, IngestWriter } from './writer.ts';

const NOW = new Date('2026-03-15T12:00:00Z');
let dir: string;
let db: Db;
let store: PlatformStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-writer-test-'));
  db = openEncrypted(join(dir, 'platform.db'), randomBytes(32).toString('hex'));
  store = createSqliteStore(db, { pack: POLICY_PACKS.be });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function reads(n: number, unitId: string): Read[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    plateRaw: `1AB${String(i).padStart(4, '0')}`,
    plate: `1AB${String(i).padStart(4, '0')}`,
    country: 'BE',
    capturedAt: new Date(NOW.getTime() - 60_000 - i).toISOString(),
    lat: 50.85,
    lon: 4.35,
    heading: null,
    unitSpeedKmh: null,
    unitId,
    unitType: 'fixed',
    lane: 1,
    direction: null,
    operator: null,
    source: 'Test',
    confidence: 0.9,
    alternatives: [],
    vehicle: null,
    images: [],
    hit: false,
    hitCategory: null,
  }));
}

const count = () => (db.prepare('SELECT count(*) AS n FROM reads').get() as { n: number }).n;

describe('ingest writer', () => {
  it('merges batches that arrive together into one store call and answers each with its own results', async () => {
    let calls = 0;
    const counting = {
      ingest: (r: readonly unknown[], c: { now: Date }) => (calls++, store.ingest(r, c)),
    };
    const writer = new IngestWriter(counting, { clock: () => NOW });
    const a = reads(30, 'CAM-A');
    const b = reads(20, 'CAM-B');
    const [ra, rb] = await Promise.all([writer.submit(a), writer.submit([...b, b[0]!])]);
    expect(calls).toBe(1);
    expect(ra).toMatchObject({ accepted: 30, duplicates: 0 });
    expect(ra.results.map((r) => r.index)).toEqual([...Array(30).keys()]);
    expect(ra.results[0]!.id).toBe(a[0]!.id);
    expect(rb).toMatchObject({ accepted: 20, duplicates: 1 });
    expect(rb.results[20]).toEqual({ index: 20, id: b[0]!.id, status: 'duplicate' });
    expect(count()).toBe(50);
  });

  it('refuses a batch when the queue is full, instead of dropping it, and takes it once there is room', async () => {
    const writer = new IngestWriter(store, { clock: () => NOW, maxQueuedReads: 100 });
    const first = writer.submit(reads(80, 'CAM-A'));
    const second = reads(40, 'CAM-B');
    const refused = await writer.submit(second).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IngestBusyError);
    expect((refused as IngestBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await first).accepted).toBe(80);
    expect((await writer.submit(second)).accepted).toBe(40);
    expect(count()).toBe(120);
  });

  it('caps a group at maxGroupReads (separate transactions), whatever the queue holds', async () => {
    const sizes: number[] = [];
    const recording = {
      ingest: (r: readonly unknown[], c: { now: Date }) => (
        sizes.push(r.length),
        store.ingest(r, c)
      ),
    };
    const writer = new IngestWriter(recording, { clock: () => NOW, maxGroupReads: 50 });
    await Promise.all([30, 30, 30, 10].map((n, i) => writer.submit(reads(n, `CAM-${i}`))));
    expect(sizes).toEqual([30, 30, 40]);
    expect(count()).toBe(100);
  });
});

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from './case-store.ts';
import { PullStateError, StoreFullError } from './errors.ts';
import { fakeReads } from './fixtures/reads.ts';
import { decryptedContains, plaintextHits } from './fixtures/scan.ts';
import { newStoreKey } from './open.ts';

let dir: string;
let file: string;
let key: string;
let store: CaseStore;
const now = new Date('2026-03-10T12:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-case-'));
  file = join(dir, 'c.anprcase');
  key = newStoreKey();
  store = CaseStore.open(file, key);
  store.beginPull({ id: 'p1', params: { plates: ['x'] }, now });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pull batches', () => {
  it('commit reads together with the cursor, and count re-delivered reads as duplicates', () => {
    const first = store.insertReads(fakeReads(0, 100), 'p1', { page: 1 }, { now });
    expect(first).toMatchObject({
      inserted: 100,
      duplicates: 0,
      pull: { received: 100, cursor: { page: 1 } },
    });
    const overlap = store.insertReads(fakeReads(50, 100), 'p1', { page: 2 }, { now, total: 150 });
    expect(overlap).toMatchObject({
      inserted: 50,
      duplicates: 50,
      pull: { received: 200, duplicates: 50, total: 150, cursor: { page: 2 } },
    });
    expect(store.readCount()).toBe(150);
  });

  it('tell reads an earlier pull already stored from reads this pull delivered twice', () => {
    store.insertReads(fakeReads(0, 100), 'p1', { page: 1 }, { now });
    store.finishPull('p1', 'done', now);
    store.beginPull({ id: 'p2', params: { plates: ['x'] }, now });
    // 80..99 were stored by p1; 100..119 are new, and arrive twice within p2.
    const batch = [...fakeReads(80, 40), ...fakeReads(100, 20)];
    const r = store.insertReads(batch, 'p2', { page: 1 }, { now });
    expect(r).toMatchObject({
      inserted: 20,
      duplicates: 20,
      alreadyHeld: 20,
      pull: { received: 60, duplicates: 20, alreadyHeld: 20 },
    });
    // Where every delivered read went adds up to what was received.
    expect(r.inserted + r.duplicates + r.alreadyHeld).toBe(batch.length);
    expect(store.pullState('p1')).toMatchObject({ duplicates: 0, alreadyHeld: 0 });
  });

  it('say how many hotlist hits each pull stored, by category, for the workstation notice (#14)', () => {
    const hit = (i: number, hitCategory: number | null) => ({
      ...fakeReads(i, 1)[0]!,
      hit: true,
      hitCategory,
      hitListId: 'hl-1',
    });
    store.insertReads([...fakeReads(0, 10), hit(10, 2), hit(11, 10), hit(12, 10)], 'p1', 1, {
      now,
    });
    expect(store.pullState('p1')!.hits).toEqual([
      { category: 2, count: 1 },
      { category: 10, count: 2 },
    ]);
    store.finishPull('p1', 'done', now);
    // A later pull that meets the same hit again stored nothing new: it brought no hit.
    store.beginPull({ id: 'p2', params: { plates: ['x'] }, now });
    const r = store.insertReads([hit(11, 10), ...fakeReads(20, 5), hit(25, null)], 'p2', 1, {
      now,
    });
    expect(r.pull.hits).toEqual([{ category: null, count: 1 }]);
    expect(store.listPulls().map((p) => p.hits.reduce((n, h) => n + h.count, 0))).toEqual([3, 1]);
  });

  it('record refused platform records by position and reason, committed with the batch', () => {
    const r = store.insertReads(
      fakeReads(0, 10),
      'p1',
      { page: 1 },
      { now, invalid: [{ index: 3, reason: 'capturedAt: not a timestamp' }] },
    );
    expect(r.pull.invalid).toBe(1);
    expect(store.summary().invalidRecords).toBe(1);
  });

  it('a malformed read aborts its whole batch instead of vanishing as a "duplicate"', () => {
    const bad = fakeReads(0, 10);
    bad[5] = { ...bad[5]!, capturedAt: 'yesterday' };
    expect(() => store.insertReads(bad, 'p1', { page: 1 }, { now })).toThrow();
    expect(store.readCount()).toBe(0);
    expect(store.pullState('p1')).toMatchObject({ received: 0, cursor: null });
  });

  it('refuse batches for a pull that is not running, writing nothing', () => {
    store.finishPull('p1', 'cancelled', now);
    expect(() => store.insertReads(fakeReads(0, 10), 'p1', { page: 1 }, { now })).toThrow(
      PullStateError,
    );
    expect(() => store.insertReads(fakeReads(0, 10), 'nope', { page: 1 }, { now })).toThrow(
      PullStateError,
    );
    expect(store.readCount()).toBe(0);
    // Resuming a cancelled pull keeps its cursor and counts.
    expect(store.beginPull({ id: 'p1', params: {}, now })).toMatchObject({
      status: 'running',
      received: 0,
    });
  });

  it('stop cleanly when the disk is full: nothing half-written, resumable from the last cursor', () => {
    store.insertReads(fakeReads(0, 500), 'p1', { offset: 500 }, { now });
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    // SQLite's own SQLITE_FULL path: the file may not grow past this many pages.
    store.db.pragma(`max_page_count = ${pages + 3}`);
    const error = (() => {
      try {
        store.insertReads(fakeReads(500, 3000), 'p1', { offset: 3500 }, { now });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(StoreFullError);
    expect((error as StoreFullError).recovery).toBe('free-space-and-resume');
    expect(store.readCount()).toBe(500);
    expect(store.pullState('p1')).toMatchObject({
      status: 'running',
      received: 500,
      cursor: { offset: 500 },
    });

    store.db.pragma('max_page_count = 1073741823'); // space freed
    const cursor = store.pullState('p1')!.cursor as { offset: number };
    const resumed = store.insertReads(
      fakeReads(cursor.offset, 3000),
      'p1',
      { offset: 3500 },
      { now },
    );
    expect(resumed).toMatchObject({ inserted: 3000, duplicates: 0 });
    expect(store.readCount()).toBe(3500);
  });
});

describe('purgeExpired', () => {
  it('deletes reads whose retention ended and leaves no trace of them, even with the key', () => {
    store.insertReads(
      fakeReads(0, 300, { plate: 'EXPIRED77', retentionUntil: '2026-03-09T00:00:00Z' }),
      'p1',
      { p: 1 },
      { now },
    );
    store.insertReads(
      fakeReads(300, 300, { plate: 'KEPT55', retentionUntil: '2026-06-01T00:00:00Z' }),
      'p1',
      { p: 2 },
      { now },
    );
    expect(decryptedContains(file, key, 'EXPIRED77')).toBe(true); // the scanner does see inside

    const tooEarly = store.purgeExpired(new Date('2026-03-08T00:00:00Z'));
    expect(tooEarly.deleted).toBe(0);

    const r = store.purgeExpired(new Date('2026-03-09T00:00:00Z')); // retention_until <= now
    expect(r).toMatchObject({ deleted: 300, remaining: 300, checkpoint: { busy: 0 } });
    expect(store.readsByPlate({ plate: 'EXPIRED77' })).toEqual([]);
    expect(existsSync(file + '-wal') ? statSync(file + '-wal').size : 0).toBe(0);
    expect(decryptedContains(file, key, 'EXPIRED77')).toBe(false);
    expect(decryptedContains(file, key, 'KEPT55')).toBe(true);
    expect(plaintextHits(dir, ['EXPIRED77', 'KEPT55', key])).toEqual([]);
  });
});

describe('queries for analyses', () => {
  it('find reads by plate, plate key, window and unit, in time order', () => {
    store.insertReads(fakeReads(0, 200, { unitCount: 4 }), 'p1', { p: 1 }, { now });
    store.insertReads(
      fakeReads(200, 3, { plate: '1XYZ987', plateRaw: '1-XYZ-987' }),
      'p1',
      { p: 2 },
      { now },
    );

    const byPlate = store.readsByPlate({ plate: '1XYZ987' });
    expect(byPlate.map((r) => r.plateRaw)).toEqual(['1-XYZ-987', '1-XYZ-987', '1-XYZ-987']);
    expect(byPlate[0]).toMatchObject({
      country: 'BE',
      vehicle: { make: 'Volvo' },
      hit: false,
      pullId: 'p1',
      pulledAt: now.toISOString(),
    });
    expect(store.readsByPlateKey({ plateKey: '1XYZ987' })).toHaveLength(3);

    const inWindow = store.readsInWindow({
      from: '2026-03-01T00:00:10Z',
      to: '2026-03-01T00:00:19Z',
    });
    expect(inWindow).toHaveLength(10);
    expect(inWindow.map((r) => r.capturedAt)).toEqual(
      [...inWindow.map((r) => r.capturedAt)].sort(),
    );

    const units = store.readsForUnits({ unitIds: ['cam-1'], to: '2026-03-01T00:00:20Z' });
    expect(units.every((r) => r.unitId === 'cam-1')).toBe(true);
    expect(units).toHaveLength(5);

    expect(store.summary()).toMatchObject({
      reads: 203,
      units: 4,
      from: '2026-03-01T00:00:00.000Z',
      pulls: { running: 1 },
    });
    expect(() => store.readsByPlate({ plate: '' })).toThrow();
  });
});

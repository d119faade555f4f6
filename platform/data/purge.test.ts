import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addDuration, POLICY_PACKS } from '../../common/policy.ts';
import { plateKey } from './rows.ts';
import { purgeExpired, startPurgeSchedule, type PurgeReport } from './purge.ts';
import {
  ago,
  commissioner,
  DAY,
  decryptDbFile,
  HOUR,
  makeRead,
  NOW,
  testEnv,
  type TestEnv,
} from './test-fixtures.ts';

let env: TestEnv;
afterEach(() => env.cleanup());

const platesLeft = () =>
  (env.db.prepare('SELECT plate FROM reads ORDER BY plate').all() as Array<{ plate: string }>).map(
    (r) => r.plate,
  );
const plus = (iso: string, duration: string, ms = 0) =>
  new Date(addDuration(new Date(iso), duration).getTime() + ms);

describe('purge (be)', () => {
  it('erases a read one millisecond after its 12-month deadline, not before', async () => {
    env = testEnv(POLICY_PACKS.be);
    const captured = '2026-03-14T08:30:00.000Z';
    await env.store.ingest(
      [
        makeRead({ plate: '1OLD001', capturedAt: captured }),
        makeRead({ plate: '1NEW001', capturedAt: '2026-03-15T08:30:00.000Z' }),
      ],
      { now: NOW },
    );
    const deadline = plus(captured, 'P12M');
    expect(deadline.toISOString()).toBe('2027-03-14T08:30:00.000Z');
    const atDeadline = await env.store.purgeExpired(deadline);
    expect(atDeadline.deleted).toBe(0);
    expect(atDeadline.checkpoint).toBeNull();
    const after = await env.store.purgeExpired(new Date(deadline.getTime() + 1));
    expect(after).toMatchObject({
      deleted: 1,
      byReason: { 'all-reads': 1 },
      capturedRange: { from: captured, to: captured },
    });
    expect(after.checkpoint).toMatchObject({ busy: 0 });
    expect(platesLeft()).toEqual(['1NEW001']);
  });

  it('also erases reads older than 12 months whatever deadline they were stored with', async () => {
    env = testEnv(POLICY_PACKS.be);
    const captured = ago(300 * DAY);
    await env.store.ingest([makeRead({ plate: '1LONG01', capturedAt: captured })], { now: NOW });
    // As if stored under an older pack with a longer deadline.
    env.db
      .prepare('UPDATE reads SET retention_until = ?')
      .run(Date.parse('2030-01-01T00:00:00.000Z'));
    const report = await env.store.purgeExpired(plus(captured, 'P12M', 1));
    expect(report.byReason).toEqual({ 'retention-horizon': 1 });
    expect(platesLeft()).toEqual([]);
  });

  it('runs in chunks and counts every erased read', async () => {
    env = testEnv(POLICY_PACKS.be);
    const reads = Array.from({ length: 1_234 }, (_, i) =>
      makeRead({ plate: `1AAA${String(i).padStart(3, '0')}`, capturedAt: ago(DAY + i * 1000) }),
    );
    await env.store.ingest(reads, { now: NOW });
    const report = await purgeExpired(env.db, plus(NOW.toISOString(), 'P12M'), {
      pack: POLICY_PACKS.be,
      chunkSize: 100,
    });
    expect(report.deleted).toBe(1_234);
    expect(report.chunks).toBe(13);
    expect(report.byReason).toEqual({ 'all-reads': 1_234 });
  });

  it('leaves no trace of erased plates in the database files after the checkpoint', async () => {
    env = testEnv(POLICY_PACKS.be);
    const gone = Array.from({ length: 600 }, (_, i) =>
      makeRead({
        plate: `9GONE${String(i).padStart(3, '0')}`,
        capturedAt: ago(200 * DAY + i * 1000),
      }),
    );
    const kept = Array.from({ length: 50 }, (_, i) =>
      makeRead({ plate: `1KEPT${String(i).padStart(3, '0')}`, capturedAt: ago(DAY + i * 1000) }),
    );
    // Interleave so erased and kept reads share pages.
    await env.store.ingest(
      gone.flatMap((g, i) => (i < kept.length ? [g, kept[i]!] : [g])),
      { now: NOW },
    );
    env.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = decryptDbFile(env.file, env.keyHex);
    expect(before.includes('9GONE123')).toBe(true); // the scan can see plates

    const report = await env.store.purgeExpired(plus(ago(200 * DAY), 'P12M', 1));
    expect(report.deleted).toBe(600);
    expect(statSync(env.file + '-wal').size).toBe(0);
    // Encrypted at rest: no plate in the raw bytes at all.
    expect(readFileSync(env.file).includes('1KEPT000')).toBe(false);
    const plain = decryptDbFile(env.file, env.keyHex);
    expect(plain.includes('1KEPT000')).toBe(true);
    for (const p of ['9GONE000', '9GONE123', '9GONE599', plateKey('9GONE123')])
      expect(plain.includes(p), p).toBe(false);
  });
});

describe('purge (dk)', () => {
  it('applies each Danish deadline at the instant the pack gives', async () => {
    env = testEnv(POLICY_PACKS.dk);
    await env.store.createHotlist({ id: 'l', name: 'l', source: 'POL' }, NOW);
    await env.store.addHotlistEntries(
      'l',
      [
        { plate: 'CAT0002', category: 2, reason: 'insurance', validFrom: ago(DAY) },
        { plate: 'CAT0007', category: 7, reason: 'false plates', validFrom: ago(DAY) },
        { plate: 'CAT0013', category: 13, reason: 'organised crime', validFrom: ago(DAY) },
      ],
      NOW,
    );
    await env.store.createTargetedOperation(
      { officer: commissioner, now: NOW },
      {
        name: 'Op',
        unitIds: ['GNT-01'],
        validFrom: ago(DAY),
        validTo: NOW.toISOString(),
        justification: 'Concrete assessment of car thefts near the harbour',
      },
    );
    const captured = ago(HOUR);
    await env.store.ingest(
      [
        makeRead({ plate: 'CAT0002', capturedAt: captured }),
        makeRead({ plate: 'CAT0007', capturedAt: captured }),
        makeRead({ plate: 'CAT0013', capturedAt: captured }),
        makeRead({ plate: 'TARGET1', capturedAt: captured, unitId: 'GNT-01' }),
        makeRead({ plate: 'MOBILE1', capturedAt: captured, unitId: 'MOB-07' }),
      ],
      { now: NOW },
    );
    const steps: Array<[string, Record<string, number>]> = [
      ['PT24H', { 'technical-storage': 1 }],
      ['P30D', { 'no-hit-targeted-operation': 1 }],
      ['P3M', { 'hit-1-4': 1 }],
      ['P1Y', { 'hit-5-9': 1 }],
      ['P2Y', { 'hit-10-13': 1 }],
    ];
    for (const [duration, byReason] of steps) {
      const deadline = plus(captured, duration);
      expect((await env.store.purgeExpired(deadline)).deleted, `kept at ${duration}`).toBe(0);
      expect(
        (await env.store.purgeExpired(new Date(deadline.getTime() + 1))).byReason,
        `erased after ${duration}`,
      ).toEqual(byReason);
    }
    expect(platesLeft()).toEqual([]);
  });

  it('a commissioner postponement keeps reads past their deadline until it ends, also reads ingested while it runs', async () => {
    env = testEnv(POLICY_PACKS.dk);
    const captured = ago(HOUR);
    await env.store.ingest(
      [
        makeRead({ plate: 'KEEP001', capturedAt: captured, unitId: 'MOB-07' }),
        makeRead({ plate: 'LOSE001', capturedAt: captured, unitId: 'MOB-07' }),
      ],
      { now: NOW },
    );
    const until = new Date(NOW.getTime() + 10 * DAY);
    await env.store.postponeDeletion(
      { officer: commissioner, now: NOW },
      {
        scope: { plates: ['KEEP001', 'LATE001'] },
        until: until.toISOString(),
        reasons: 'Extraordinary situation: attack investigation needs these reads',
      },
    );
    await env.store.ingest(
      [makeRead({ plate: 'LATE001', capturedAt: ago(30 * 60_000), unitId: 'MOB-07' })],
      { now: NOW },
    );

    const r1 = await env.store.purgeExpired(plus(captured, 'PT24H', 1));
    expect(r1.byReason).toEqual({ 'technical-storage': 1 });
    expect(platesLeft()).toEqual(['KEEP001', 'LATE001']);
    expect((await env.store.purgeExpired(until)).deleted).toBe(0);
    const r2 = await env.store.purgeExpired(new Date(until.getTime() + 1));
    expect(r2.deleted).toBe(2);
    expect(platesLeft()).toEqual([]);
  });
});

describe('purge schedule', () => {
  it('runs on its interval with the injected clock, never overlapping, and stops', async () => {
    env = testEnv(POLICY_PACKS.be);
    await env.store.ingest([makeRead({ plate: '1AAA001', capturedAt: ago(DAY) })], { now: NOW });
    const reports: PurgeReport[] = [];
    const clock = () => plus(NOW.toISOString(), 'P12M');
    const schedule = startPurgeSchedule(env.store, clock, 25, { onReport: (r) => reports.push(r) });
    await new Promise((r) => setTimeout(r, 120));
    schedule.stop();
    const n = reports.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(reports[0]!).toMatchObject({ deleted: 1, at: clock().toISOString() });
    expect(reports.slice(1).every((r) => r.deleted === 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(reports.length).toBe(n);
    const [a, b] = await Promise.all([schedule.runNow(), schedule.runNow()]);
    expect(a).not.toBeNull();
    expect(b).toBeNull();
  });
});

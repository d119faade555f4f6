import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../common/policy.ts';
import { isDataError } from './errors.ts';
import { IdSet } from './ingest.ts';
import {
  ago,
  at,
  commissioner,
  DAY,
  detective,
  HOUR,
  makeRead,
  NOW,
  q,
  seedWorld,
  testEnv,
  type TestEnv,
} from './test-fixtures.ts';

describe('ingest (be)', () => {
  let env: TestEnv;
  beforeEach(() => {
    env = testEnv(POLICY_PACKS.be);
  });
  afterEach(() => env.cleanup());

  const count = () => (env.db.prepare('SELECT count(*) AS n FROM reads').get() as { n: number }).n;

  it('reports a resent read as duplicate and stores it once', async () => {
    const r = makeRead({ plate: '1ABC123', capturedAt: ago(HOUR) });
    const first = await env.store.ingest([r], { now: NOW });
    expect(first.results).toEqual([{ index: 0, id: r.id, status: 'accepted' }]);
    const again = await env.store.ingest([r, { ...r }], { now: NOW });
    expect(again.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.duplicates).toBe(2);
    expect(count()).toBe(1);
  });

  it('rejects a malformed record with a reason and keeps the rest of the batch', async () => {
    const good1 = makeRead({ plate: '1ABC123', capturedAt: ago(HOUR) });
    const good2 = makeRead({ plate: '2XYZ987', capturedAt: ago(2 * HOUR) });
    const bad = {
      ...makeRead({ plate: '1BAD000', capturedAt: ago(HOUR) }),
      lat: 123,
      capturedAt: '15/03/2026 10:00',
    };
    const report = await env.store.ingest([good1, bad, good2, 'not even an object'], { now: NOW });
    expect(report.results.map((x) => x.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'rejected',
    ]);
    expect(report.results[1]!.reason).toMatch(/capturedAt|lat/);
    // The reason names fields, never the content of the record.
    expect(report.results[1]!.reason).not.toContain('1BAD000');
    expect(report.accepted).toBe(2);
    expect(report.rejected).toBe(2);
    expect(count()).toBe(2);
  });

  it('refuses reads of another unit when the sender is known, and reads from the future', async () => {
    const other = makeRead({ plate: '1ABC123', capturedAt: ago(HOUR), unitId: 'GNT-01' });
    const future = makeRead({ plate: '1ABC124', capturedAt: at(HOUR).toISOString() });
    const report = await env.store.ingest([other, future], { now: NOW, unitId: 'BXL-01' });
    expect(report.results.map((r) => r.reason)).toEqual([
      'unitId: not the sending unit',
      expect.stringMatching(/future/),
    ]);
    expect(count()).toBe(0);
  });

  it('keeps a pseudonymised plate identifier exactly as sent, and finds it by exact search', async () => {
    const c = await seedWorld(env);
    const hash = 'a3f1c9e07b2d4c8e9f00112233445566778899aabbccddeeff00112233445566';
    expect(hash).toHaveLength(64);
    await env.store.ingest(
      [makeRead({ plate: hash, plateRaw: hash, country: null, capturedAt: ago(2 * DAY) })],
      { now: NOW },
    );
    const stored = env.db.prepare('SELECT plate, plate_raw FROM reads').get() as {
      plate: string;
      plate_raw: string;
    };
    expect(stored).toEqual({ plate: hash, plate_raw: hash });
    const res = await env.store.plateHistory(q(c.id), { plate: hash });
    expect(res.total).toBe(1);
    expect(res.reads[0]!.plate).toBe(hash);
    // Hex carries no case: the digest written in upper case is the same identifier.
    const upper = await env.store.plateHistory(q(c.id), { plate: hash.toUpperCase() });
    expect(upper.reads.map((r) => r.plate)).toEqual([hash]);
    // A base64 pseudonym does carry case: a case-variant is another identifier.
    const b64 = 'q8f/3+Zk1wAbCdEfGh==';
    await env.store.ingest(
      [makeRead({ plate: b64, plateRaw: b64, country: null, capturedAt: ago(DAY) })],
      { now: NOW },
    );
    expect((await env.store.plateHistory(q(c.id), { plate: b64 })).total).toBe(1);
    expect((await env.store.plateHistory(q(c.id), { plate: b64.toUpperCase() })).total).toBe(0);
  });

  it('normalises the plate for search but keeps the OCR text', async () => {
    const c = await seedWorld(env);
    await env.store.ingest(
      [makeRead({ plate: '1-abc-123', plateRaw: '1-abc-123', capturedAt: ago(DAY) })],
      { now: NOW },
    );
    const res = await env.store.plateHistory(q(c.id), { plate: '1 ABC 123' });
    expect(res.reads.map((r) => [r.plate, r.plateRaw])).toEqual([['1ABC123', '1-abc-123']]);
  });

  it('gives every be read a 12-month deadline, hit or not', async () => {
    await env.store.createHotlist({ id: 'wanted', name: 'Wanted vehicles', source: 'ANG' }, NOW);
    await env.store.addHotlistEntries(
      'wanted',
      [{ plate: '1HOT001', category: null, reason: 'stolen', validFrom: ago(100 * DAY) }],
      NOW,
    );
    const captured = '2026-03-14T08:00:00.000Z';
    await env.store.ingest(
      [
        makeRead({ plate: '1HOT001', capturedAt: captured }),
        makeRead({ plate: '1COLD01', capturedAt: captured }),
      ],
      { now: NOW },
    );
    const rows = env.db
      .prepare('SELECT plate, hit, retention_until, retention_rule FROM reads ORDER BY plate')
      .all();
    const deadline = Date.parse('2027-03-14T08:00:00.000Z');
    expect(rows).toEqual([
      { plate: '1COLD01', hit: 0, retention_until: deadline, retention_rule: 'all-reads' },
      { plate: '1HOT001', hit: 1, retention_until: deadline, retention_rule: 'all-reads' },
    ]);
  });

  it('does not store reads already past their deadline (older than 12 months)', async () => {
    const report = await env.store.ingest(
      [makeRead({ plate: '1OLD001', capturedAt: '2025-03-14T11:59:59.000Z' })],
      { now: NOW },
    );
    expect(report.results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^expired/),
    });
    expect(report.expired).toBe(1);
  });
});

describe('ingest (dk retention at ingest)', () => {
  let env: TestEnv;
  beforeEach(() => {
    env = testEnv(POLICY_PACKS.dk);
  });
  afterEach(() => env.cleanup());

  const row = (plate: string) =>
    env.db
      .prepare(
        'SELECT hit, hit_category, retention_rule, retention_until FROM reads WHERE plate = ?',
      )
      .get(plate) as
      | {
          hit: number;
          hit_category: number | null;
          retention_rule: string;
          retention_until: number;
        }
      | undefined;

  it('a hotlisted plate gets its category and the category deadline', async () => {
    await env.store.createHotlist(
      { id: 'dk-list', name: 'Rigspolitiet hotlist', source: 'POL' },
      NOW,
    );
    await env.store.addHotlistEntries(
      'dk-list',
      [
        { plate: 'AB12345', category: 2, reason: 'missing insurance', validFrom: ago(30 * DAY) },
        { plate: 'CD67890', category: 5, reason: 'wanted vehicle', validFrom: ago(30 * DAY) },
        { plate: 'EF11111', category: 11, reason: 'SIS art. 38', validFrom: ago(30 * DAY) },
        // Expired entry: no longer a hit.
        {
          plate: 'GH22222',
          category: 11,
          reason: 'old alert',
          validFrom: ago(90 * DAY),
          validTo: ago(60 * DAY),
        },
      ],
      NOW,
    );
    const captured = '2026-03-15T10:00:00.000Z';
    const report = await env.store.ingest(
      ['AB12345', 'CD67890', 'EF11111', 'GH22222'].map((plate) =>
        makeRead({ plate, country: 'DK', capturedAt: captured, unitId: 'MOB-07' }),
      ),
      { now: NOW },
    );
    expect(report.hits).toBe(3);
    expect(row('AB12345')).toEqual({
      hit: 1,
      hit_category: 2,
      retention_rule: 'hit-1-4',
      retention_until: Date.parse('2026-06-15T10:00:00.000Z'),
    });
    expect(row('CD67890')).toEqual({
      hit: 1,
      hit_category: 5,
      retention_rule: 'hit-5-9',
      retention_until: Date.parse('2027-03-15T10:00:00.000Z'),
    });
    expect(row('EF11111')).toEqual({
      hit: 1,
      hit_category: 11,
      retention_rule: 'hit-10-13',
      retention_until: Date.parse('2028-03-15T10:00:00.000Z'),
    });
    // Mobile no-hit outside a targeted operation: technical storage, 24 h.
    expect(row('GH22222')).toEqual({
      hit: 0,
      hit_category: null,
      retention_rule: 'technical-storage',
      retention_until: Date.parse('2026-03-16T10:00:00.000Z'),
    });
  });

  it('a plate on several lists is kept as long as its longest category allows', async () => {
    await env.store.createHotlist({ id: 'l', name: 'list', source: 'POL' }, NOW);
    await env.store.addHotlistEntries(
      'l',
      [
        { plate: 'AB12345', category: 1, reason: 'inspection', validFrom: ago(DAY) },
        { plate: 'AB12345', category: 12, reason: 'SIS discreet', validFrom: ago(DAY) },
      ],
      NOW,
    );
    await env.store.ingest([makeRead({ plate: 'AB12345', capturedAt: ago(HOUR) })], { now: NOW });
    expect(row('AB12345')).toMatchObject({ hit_category: 12, retention_rule: 'hit-10-13' });
  });

  it('no-hit reads of a targeted operation are kept 30 days; fixed no-hits outside one are not stored', async () => {
    await env.store.createTargetedOperation(
      { officer: commissioner, now: NOW },
      {
        name: 'Operation Harbour',
        unitIds: ['GNT-01'],
        validFrom: ago(2 * DAY),
        validTo: at(2 * DAY).toISOString(),
        justification: 'Concrete assessment: vehicle thefts around the harbour area this week',
      },
    );
    const report = await env.store.ingest(
      [
        makeRead({ plate: 'OP00001', capturedAt: ago(HOUR), unitId: 'GNT-01' }),
        makeRead({ plate: 'FX00001', capturedAt: ago(HOUR), unitId: 'BXL-01' }),
      ],
      { now: NOW },
    );
    expect(report.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(report.results[1]!.reason).toMatch(/no-legal-basis/);
    expect(row('OP00001')).toMatchObject({
      retention_rule: 'no-hit-targeted-operation',
      retention_until: Date.parse(ago(HOUR)) + 30 * DAY,
    });
  });

  it('a detective cannot set up a targeted operation', async () => {
    await expect(
      env.store.createTargetedOperation(
        { officer: detective, now: NOW },
        {
          name: 'x',
          unitIds: ['GNT-01'],
          validFrom: ago(DAY),
          validTo: NOW.toISOString(),
          justification: 'Needed for the harbour thefts this week',
        },
      ),
    ).rejects.toSatisfy((e) => isDataError(e, 'forbidden'));
  });
});

describe('bulk ingest (seed path)', () => {
  let env: TestEnv;
  beforeEach(() => {
    env = testEnv(POLICY_PACKS.be);
  });
  afterEach(() => env.cleanup());

  it('uses the same retention and hotlist code, dedupes, and leaves the indexes in place', async () => {
    await env.store.createHotlist({ id: 'h', name: 'h', source: 's' }, NOW);
    await env.store.addHotlistEntries(
      'h',
      [{ plate: '1HOT001', reason: 'stolen', validFrom: ago(10 * DAY) }],
      NOW,
    );
    const reads = Array.from({ length: 2500 }, (_, i) =>
      makeRead({
        plate: i % 500 === 0 ? '1HOT001' : `1AAA${String(i % 1000).padStart(3, '0')}`,
        capturedAt: ago(i * 60_000),
      }),
    );
    const dup = reads[10]!;
    const report = await env.store.bulkIngest([reads.slice(0, 1200), [...reads.slice(1200), dup]], {
      now: NOW,
    });
    expect(report).toMatchObject({
      accepted: 2500,
      duplicates: 1,
      rejected: 0,
      hits: 5,
      deferredIndexes: true,
    });
    const indexes = (
      env.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reads'")
        .all() as Array<{ name: string }>
    )
      .map((r) => r.name)
      .sort();
    expect(indexes).toEqual([
      'reads_id',
      'reads_plate',
      'reads_retention',
      'reads_time',
      'reads_unit',
    ]);
    // A second bulk load into a non-empty table goes row by row and still dedupes via the index.
    const again = await env.store.bulkIngest(
      [[dup, makeRead({ plate: '1NEW001', capturedAt: ago(HOUR) })]],
      { now: NOW },
    );
    expect(again).toMatchObject({ accepted: 1, duplicates: 1, deferredIndexes: false });
  });
});

describe("IdSet (bulk-load dedupe beyond one Set's 16.7 M entries)", () => {
  it('remembers ids across its shards and counts each once', () => {
    const ids = new IdSet();
    const all = Array.from({ length: 5000 }, () => randomUUID());
    for (const id of all) ids.add(id);
    ids.add(all[0]!);
    expect(ids.size).toBe(5000);
    expect(all.every((id) => ids.has(id))).toBe(true);
    expect(ids.has(randomUUID())).toBe(false);
  });
});

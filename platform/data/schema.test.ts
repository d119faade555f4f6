import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../common/migrations.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import { openEncrypted, type Db } from '../store/sqlite.ts';
import { hotlistIndex } from './hotlists.ts';
import { plateKey } from './rows.ts';
import { compileScope, bucketSpan, type ReadScope } from './scope.ts';
import { BUCKET_MS, bucketOf, DATA_MIGRATIONS } from './schema.ts';
import { createSqliteStore } from './store.ts';
import {
  CAMERAS,
  DAY,
  makeRead,
  NOW,
  q,
  seedWorld,
  testEnv,
  type TestEnv,
} from './test-fixtures.ts';

// A SHA-256 hex digest, the form a US release pseudonymises plates in.
const HASH = 'a3f1c9e07b2d4c8e9f00112233445566778899aabbccddeeff00112233445566';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function env(): TestEnv {
  const e = testEnv();
  cleanups.push(e.cleanup);
  return e;
}

/** The plan SQLite picks for a compiled scope, as one line of text. */
function plan(db: Db, scope: ReadScope): string {
  const c = compileScope(scope, { buckets: bucketSpan(db, scope) });
  return (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.params) as Array<{ detail: string }>)
    .map((r) => r.detail)
    .join(' | ');
}

describe('data schema: week-led read indexes', () => {
  it('migration 2 keeps the reads of a version-1 store and their duplicate detection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anpr-schema-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'platform.db');
    const key = randomBytes(32).toString('hex');
    const v1 = openEncrypted(file, key);
    migrate(v1, 'data', DATA_MIGRATIONS, { upTo: 1 });
    // A read stored the version-1 way, by the version-1 INSERT columns.
    const id = randomUUID();
    const captured = NOW.getTime() - 3 * DAY;
    v1.prepare(
      `INSERT INTO reads (id, plate, plate_raw, plate_key, captured_at, lat, lon, unit_id, unit_type,
         source, confidence, alternatives, images, hit, targeted_operation, retention_rule,
         retention_until, ingested_at)
       VALUES (?, '1ABC123', '1-ABC-123', '1ABC123', ?, 50.8, 4.3, 'BXL-01', 'fixed', 'Old', 0.9,
         '[]', '[]', 0, 0, 'be-no-hit', ?, ?)`,
    ).run(id, captured, captured + 30 * DAY, captured);
    v1.close();

    const db = openEncrypted(file, key);
    cleanups.push(() => db.close());
    const store = createSqliteStore(db, { pack: POLICY_PACKS.be, cacheMiB: 8 });
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reads'")
      .all() as Array<{ name: string; sql: string }>;
    expect(indexes.find((i) => i.name === 'reads_id')?.sql).toContain('(bucket, id)');
    expect(indexes.find((i) => i.name === 'reads_plate')?.sql).toContain('(bucket, plate_key');
    expect(db.prepare('SELECT bucket FROM reads WHERE id = ?').get(id)).toEqual({
      bucket: bucketOf(captured),
    });

    // The old read, resent by its unit, is still a duplicate.
    const resent = makeRead({
      id,
      plate: '1ABC123',
      capturedAt: new Date(captured).toISOString(),
    });
    const report = await store.ingest([resent], { now: NOW });
    expect(report.duplicates).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM reads').get()).toEqual({ n: 1 });
  });

  it('a resent read is a duplicate; the same id at another week is another read, kept', async () => {
    const e = env();
    const id = randomUUID();
    const first = makeRead({
      id,
      plate: '1XYZ987',
      capturedAt: new Date(NOW.getTime() - DAY).toISOString(),
    });
    expect((await e.store.ingest([first], { now: NOW })).accepted).toBe(1);
    expect((await e.store.ingest([first], { now: NOW })).duplicates).toBe(1);
    // A unit that reuses ids (a counter reset) loses no read.
    const reused = {
      ...first,
      capturedAt: new Date(NOW.getTime() - DAY - BUCKET_MS).toISOString(),
    };
    expect((await e.store.ingest([reused], { now: NOW })).accepted).toBe(1);
  });

  it('plate searches seek the plate index week by week, with or without a period', async () => {
    const e = env();
    const c = await seedWorld(e);
    const reads = Array.from({ length: 200 }, (_, i) =>
      makeRead({
        plate: i % 2 ? '1ABC123' : `2DEF${String(i).padStart(3, '0')}`,
        capturedAt: new Date(NOW.getTime() - (i % 28) * DAY - i * 1000).toISOString(),
        unitId: CAMERAS[i % 3]!.id,
      }),
    );
    await e.store.ingest(reads, { now: NOW });
    const within = { from: NOW.getTime() - 20 * DAY, to: NOW.getTime() };
    for (const scope of [
      { plates: [{ kind: 'exact', plate: '1ABC123' }] },
      { plates: [{ kind: 'exact', plate: '1ABC123' }], ...within },
      { plates: [{ kind: 'fuzzy', plate: '1A8C123', maxSubstitutions: 1 }] },
      { plates: [{ kind: 'wildcard', pattern: '2DEF*' }], ...within },
      {
        plates: [
          { kind: 'exact', plate: '1ABC123' },
          { kind: 'exact', plate: '2DEF010' },
        ],
      },
    ] satisfies ReadScope[]) {
      expect(plan(e.db, scope)).toMatch(/USING INDEX reads_plate \(bucket=\? AND plate_key/);
    }
    // And they find what they should: every read of the plate, across its four weeks.
    const history = await e.store.plateHistory(q(c.id), { plate: '1-ABC-123' });
    expect(history.reads).toHaveLength(100);
    expect(new Set(history.reads.map((r) => bucketOf(Date.parse(r.capturedAt)))).size).toBe(
      new Set(
        reads.filter((r) => r.plate === '1ABC123').map((r) => bucketOf(Date.parse(r.capturedAt))),
      ).size,
    );
  });
});

describe('data schema: hex identifiers (hashed plates) in one case', () => {
  it('migration 3 folds hashes stored upper-case, and exact search in either case finds them by the plate index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anpr-schema-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'platform.db');
    const key = randomBytes(32).toString('hex');
    const v2 = openEncrypted(file, key);
    migrate(v2, 'data', DATA_MIGRATIONS, { upTo: 2 });
    // Stored the version-2 way: an upper-case digest kept as delivered.
    const upper = HASH.toUpperCase();
    const captured = NOW.getTime() - 3 * DAY;
    const insert = v2.prepare(
      `INSERT INTO reads (id, plate, plate_raw, plate_key, captured_at, lat, lon, unit_id, unit_type,
         source, confidence, alternatives, images, hit, targeted_operation, retention_rule,
         retention_until, ingested_at)
       VALUES (?, ?, ?, ?, ?, 41.88, -87.63, 'CHI-VAN-1', 'mobile-manned', 'Old', 1,
         '[]', '[]', 0, 0, 'all-reads', ?, ?)`,
    );
    insert.run(
      randomUUID(),
      upper,
      upper,
      plateKey(upper),
      captured,
      captured + 300 * DAY,
      captured,
    );
    // A real plate and a base64 pseudonym: not hex identifiers, untouched.
    insert.run(
      randomUUID(),
      '1ABC123',
      '1-ABC-123',
      '1ABC123',
      captured,
      captured + 300 * DAY,
      captured,
    );
    insert.run(
      randomUUID(),
      'Q8F/3+ZK1W==',
      'Q8F/3+ZK1W==',
      'Q8F/3+ZK1W==',
      captured,
      captured + 300 * DAY,
      captured,
    );
    v2.prepare(
      "INSERT INTO hotlists (id, name, source, created_at) VALUES ('h1', 'US', 'test', 0)",
    ).run();
    v2.prepare(
      "INSERT INTO hotlist_entries (hotlist_id, plate, category, reason, valid_from, valid_to, created_at) VALUES ('h1', ?, 5, 'x', 0, NULL, 0)",
    ).run(upper);
    v2.close();

    const db = openEncrypted(file, key);
    cleanups.push(() => db.close());
    const store = createSqliteStore(db, { pack: POLICY_PACKS.be, cacheMiB: 8 });
    expect(
      (db.prepare('SELECT plate FROM reads ORDER BY plate').all() as Array<{ plate: string }>).map(
        (r) => r.plate,
      ),
    ).toEqual(['1ABC123', 'Q8F/3+ZK1W==', HASH]);
    // The hotlist still hits a newly ingested read of the same digest, in lower case.
    expect(
      hotlistIndex(db)
        .match(HASH, NOW.getTime(), null)
        .map((m) => m.category),
    ).toEqual([5]);

    const c = await seedWorld({ store } as TestEnv);
    for (const asked of [HASH, upper]) {
      const found = await store.plateHistory(q(c.id), { plate: asked });
      expect(found.reads.map((r) => r.plate)).toEqual([HASH]);
    }
    expect(plan(db, { plates: [{ kind: 'exact', plate: upper }] })).toMatch(
      /USING INDEX reads_plate \(bucket=\? AND plate_key=\? AND plate=\?/,
    );
  });

  it('a digest ingested in lower case is found by its upper-case form, and not by a different digest', async () => {
    const e = env();
    const c = await seedWorld(e);
    const other = HASH.slice(0, -1) + '7';
    await e.store.ingest(
      [HASH, HASH, other].map((plate, i) =>
        makeRead({
          plate,
          plateRaw: plate,
          capturedAt: new Date(NOW.getTime() - (i + 1) * DAY).toISOString(),
        }),
      ),
      { now: NOW },
    );
    const found = await e.store.plateHistory(q(c.id), { plate: HASH.toUpperCase() });
    expect(found.reads).toHaveLength(2);
    expect(new Set(found.reads.map((r) => r.plateRaw))).toEqual(new Set([HASH]));
  });
});

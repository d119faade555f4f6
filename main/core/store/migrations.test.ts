import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../common/migrations.ts';
import {
  hexIdentifierNeedsFoldSql,
  LOOKALIKE_CLASSES,
  lookalikeKey,
} from '../../../common/plates.ts';
import { CASE_MODULE, caseMigrations } from './case-schema.ts';
import { CaseStore } from './case-store.ts';
import { newStoreKey, openEncryptedStore, type Db } from './open.ts';
import { WORKSTATION_MODULE, workstationMigrations } from './workstation-schema.ts';
import { WorkstationStore } from './workstation-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-mig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Db): string[] =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{
      name: string;
    }>
  ).map((r) => r.name);
const columns = (db: Db, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map(
    (r) => r.name,
  );

function stepTo(db: Db, module: string, list: typeof caseMigrations, version: number): void {
  const r = migrate(db, module, list, {
    upTo: version,
    now: () => new Date('2026-03-01T00:00:00Z'),
  });
  expect(r.to).toBe(version);
  expect(currentVersion(db, module)).toBe(version);
}

describe('case store migrations, one step at a time', () => {
  it('0 → 1 → 2 → 3 keeps the data of every earlier step', () => {
    const key = newStoreKey();
    const file = join(dir, 'c.anprcase');
    const db = openEncryptedStore(file, key);

    stepTo(db, CASE_MODULE, caseMigrations, 1);
    expect(tables(db)).toEqual(expect.arrayContaining(['meta', 'pulls', 'reads']));
    expect(tables(db)).not.toContain('invalid_records');
    db.prepare(
      `INSERT INTO pulls (id, params, status, received, cursor, started_at, updated_at) VALUES ('p1', '{}', 'running', 1, '{"offset":1}', 1, 2)`,
    ).run();
    db.prepare(
      `INSERT INTO reads (id, plate, plate_raw, plate_key, country, captured_at, lat, lon, unit_id, unit_type, source,
        confidence, alternatives, images, hit, retention_until, pulled_at, pull_id)
       VALUES ('r1', '1ABC234', '1-ABC-234', '1ABC234', 'BE', 1000, 50.8, 4.3, 'cam-1', 'fixed', 't', 0.9, '[]', '[]', 0, 9999, 5, 'p1')`,
    ).run();
    db.prepare(`INSERT INTO meta (key, value) VALUES ('case', '{"number":"X/1"}')`).run();

    stepTo(db, CASE_MODULE, caseMigrations, 2);
    expect(columns(db, 'pulls')).toContain('duplicates');
    expect(
      db.prepare(`SELECT received, duplicates, cursor FROM pulls WHERE id = 'p1'`).get(),
    ).toEqual({
      received: 1,
      duplicates: 0,
      cursor: '{"offset":1}',
    });
    expect(db.prepare(`SELECT plate, captured_at FROM reads WHERE id = 'r1'`).get()).toEqual({
      plate: '1ABC234',
      captured_at: 1000,
    });
    db.prepare(
      `INSERT INTO invalid_records (pull_id, idx, reason) VALUES ('p1', 7, 'capturedAt: not a timestamp')`,
    ).run();
    expect(tables(db)).not.toContain('analyses');

    stepTo(db, CASE_MODULE, caseMigrations, 3);
    expect(columns(db, 'analyses')).toEqual([
      'id',
      'kind',
      'params',
      'reason',
      'justification',
      'created_at',
      'result_summary',
    ]);
    expect(db.prepare(`SELECT count(*) AS n FROM invalid_records`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'case'`).get()).toEqual({
      value: '{"number":"X/1"}',
    });
    db.close();

    // A store at the latest version opens with nothing left to apply, data intact.
    const store = CaseStore.open(file, key);
    expect(store.readCount()).toBe(1);
    expect(store.pullState('p1')).toMatchObject({ received: 1, cursor: { offset: 1 } });
    store.close();
  });

  it('5 → 6 folds upper-case hashed plates so a search in either case finds them', () => {
    const key = newStoreKey();
    const file = join(dir, 'c.anprcase');
    const db = openEncryptedStore(file, key);
    stepTo(db, CASE_MODULE, caseMigrations, 5);

    // What a pull wrote before hex identifiers folded: the plate as delivered,
    // and its look-alike key taken over the upper-case letters (B → 8, D → 0).
    const representative = new Map<string, string>();
    for (const cls of LOOKALIKE_CLASSES) for (const c of cls) representative.set(c, cls[0]!);
    const oldKey = (plate: string) => [...plate].map((c) => representative.get(c) ?? c).join('');
    const insert = db.prepare(
      `INSERT INTO reads (id, plate, plate_raw, plate_key, country, captured_at, lat, lon, unit_id, unit_type, source,
        confidence, alternatives, images, hit, retention_until, pulled_at, pull_id)
       VALUES (?, ?, ?, ?, NULL, ?, 50.8, 4.3, 'cam-1', 'fixed', 't', 0.9, '[]', '[]', 0, 9e15, 5, NULL)`,
    );
    const put = (id: string, plate: string, at: number) =>
      insert.run(id, plate, plate, oldKey(plate), at);
    const sha = createHash('sha256').update('1ABC234').digest('hex').toUpperCase();
    const uuid = '1B4E28BA-2FA1-11D2-883F-0016D3CCA427';
    const pseudonym = 'Q8F/3+ZK1W==';
    put('r-sha', sha, 1000);
    put('r-uuid', uuid, 2000);
    put('r-b64', pseudonym, 3000);
    put('r-plate', '1ABC234', 4000);
    // More upper-case hashes than one batch of the migration holds, twice over.
    db.transaction(() => {
      for (let i = 0; i < 2345; i++) {
        put(`h${i}`, createHash('md5').update(String(i)).digest('hex').toUpperCase(), 5000 + i);
      }
    })();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join(' | ');
    const searches = [
      "SELECT id FROM reads WHERE plate = 'x' AND captured_at BETWEEN 0 AND 1 ORDER BY captured_at, id",
      "SELECT id FROM reads WHERE plate_key = 'x' AND captured_at BETWEEN 0 AND 1 ORDER BY plate, captured_at, id",
    ];
    const indexes = () =>
      db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();
    const plansBefore = searches.map(plan);
    const indexesBefore = indexes();
    const b64Before = db.prepare(`SELECT * FROM reads WHERE id = 'r-b64'`).get();

    stepTo(db, CASE_MODULE, caseMigrations, 6);
    expect(
      db
        .prepare(`SELECT count(*) AS n FROM reads WHERE ${hexIdentifierNeedsFoldSql('plate')}`)
        .get(),
    ).toEqual({ n: 0 });
    expect(
      db.prepare(`SELECT plate, plate_raw, plate_key FROM reads WHERE id = 'r-sha'`).get(),
    ).toEqual({
      plate: sha.toLowerCase(),
      plate_raw: sha, // as delivered, kept
      plate_key: lookalikeKey(sha.toLowerCase()),
    });
    expect(db.prepare(`SELECT * FROM reads WHERE id = 'r-b64'`).get()).toEqual(b64Before);
    expect(db.prepare(`SELECT plate FROM reads WHERE id = 'r-plate'`).get()).toEqual({
      plate: '1ABC234',
    });
    // The same indexes, and the searches still seek them.
    expect(indexes()).toEqual(indexesBefore);
    expect(searches.map(plan)).toEqual(plansBefore);
    expect(plansBefore[0]).toMatch(/USING INDEX reads_plate_time \(plate=\?/);
    expect(plansBefore[1]).toMatch(/USING INDEX reads_plate_key_time \(plate_key=\?/);
    db.close();

    const store = CaseStore.open(file, key);
    const found = (mode: 'exact' | 'fuzzy', plate: string) =>
      (
        store.runAnalysis('plateSearch', { mode, plate }).result as {
          rows: Array<{ id: string }>;
        }
      ).rows.map((r) => r.id);
    for (const typed of [sha, sha.toLowerCase()]) {
      expect(found('exact', typed)).toEqual(['r-sha']);
      expect(found('fuzzy', typed)).toEqual(['r-sha']);
    }
    expect(found('exact', uuid.toLowerCase())).toEqual(['r-uuid']);
    const lastHash = createHash('md5').update('2344').digest('hex');
    expect(found('exact', lastHash.toUpperCase())).toEqual(['h2344']);
    // Base64 is case-sensitive: only the pseudonym as written finds its read.
    expect(found('exact', pseudonym)).toEqual(['r-b64']);
    expect(found('exact', pseudonym.toLowerCase())).toEqual([]);
    expect(store.readCount()).toBe(2349);
    store.close();
  });

  it('refuses a store written by newer software instead of guessing its schema', () => {
    const key = newStoreKey();
    const file = join(dir, 'c.anprcase');
    CaseStore.open(file, key).close();
    const db = openEncryptedStore(file, key);
    db.prepare(
      `INSERT INTO _migrations (module, version, name, applied_at) VALUES ('case', 99, 'future', 'x')`,
    ).run();
    db.close();
    expect(() => CaseStore.open(file, key)).toThrow(/newer than this software/);
  });
});

describe('workstation database migrations, one step at a time', () => {
  it('0 → 1 → 2 keeps settings and sync state', () => {
    const key = newStoreKey();
    const file = join(dir, 'workstation.anprdb');
    const db = openEncryptedStore(file, key);

    stepTo(db, WORKSTATION_MODULE, workstationMigrations, 1);
    expect(tables(db)).toEqual(expect.arrayContaining(['settings', 'sync_state']));
    expect(tables(db)).not.toContain('audit_entries');
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES ('language', '"nl"', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO sync_state (key, value, updated_at) VALUES ('cameras', '{"etag":"7"}', 1)`,
    ).run();

    stepTo(db, WORKSTATION_MODULE, workstationMigrations, 2);
    expect(tables(db)).toEqual(expect.arrayContaining(['audit_entries', 'checkpoints']));
    db.close();

    const ws = WorkstationStore.open(file, key);
    expect(ws.getSetting('language')).toBe('nl');
    expect(ws.getSyncState('cameras')).toEqual({ etag: '7' });
    ws.close();
  });

  it('the audit queue only accepts entries that extend the local chain', () => {
    const ws = WorkstationStore.open(join(dir, 'w.anprdb'), newStoreKey());
    const at = '2026-03-01T10:00:00.000Z';
    ws.appendAudit({
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: 'a'.repeat(64),
      body: '{"e":1}',
      createdAt: at,
    });
    expect(() =>
      ws.appendAudit({
        seq: 3,
        prevHash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
        body: '{}',
        createdAt: at,
      }),
    ).toThrow(/audit chain/);
    expect(() =>
      ws.appendAudit({
        seq: 2,
        prevHash: 'f'.repeat(64),
        hash: 'b'.repeat(64),
        body: '{}',
        createdAt: at,
      }),
    ).toThrow(/audit chain/);
    ws.appendAudit({
      seq: 2,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
      body: '{"e":2}',
      createdAt: at,
    });
    expect(ws.unsyncedAudit(10).map((e) => e.seq)).toEqual([1, 2]);
    expect(ws.markAuditSynced(1, new Date('2026-03-01T11:00:00Z'))).toBe(1);
    expect(ws.unsyncedAudit(10).map((e) => e.seq)).toEqual([2]);
    ws.close();
  });
});

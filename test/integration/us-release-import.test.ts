import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plateSearch } from '../../main/core/analyses/plate-search.ts';
import {
  createReadsTable,
  INSERT_READ,
  insertParams,
} from '../../main/core/analyses/reads-table.ts';
import { sqliteSource } from '../../main/core/analyses/sqlite-source.ts';
import { POLICY_PACKS } from '../../common/policy.ts';
import { runCli, type CliIo } from '../../platform/cli.ts';
import { compileScope } from '../../platform/data/scope.ts';
import { rowToRead, type ReadRow } from '../../platform/data/rows.ts';
import { openPlatformDb } from '../../platform/store/sqlite.ts';
import { refusalOf } from '../../platform/importers/input.ts';

/**
 * A public US release of mobile ALPR reads, as issue #17 met it:
 * pipe-delimited, plates as lower-case SHA-256 hex, local times in
 * America/Chicago, gzip-compressed. Generated here (never the real release),
 * imported through the real CLI into a real encrypted platform store.
 */

const NOW = new Date('2026-03-15T12:00:00Z');
const DAY = 86_400_000;
let dir: string;
let out: string[];
let err: string[];
const io = (): CliIo => ({
  out: (l) => out.push(l),
  err: (l) => err.push(l),
  env: {},
  clock: () => NOW,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-us-release-'));
  out = [];
  err = [];
  writeFileSync(
    join(dir, 'us.json'),
    JSON.stringify({
      description: 'US mobile ALPR release: hashed plates, local time',
      time: { format: 'YYYY-MM-DD HH:mm:ss' },
      fields: {
        plateRaw: 'plate_hash',
        capturedAt: 'read_datetime',
        lat: 'latitude',
        lon: 'longitude',
        unitId: 'unit_id',
        unitType: { value: 'mobile-manned' },
        confidence: { value: 1 },
      },
    }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

interface Row {
  plate: string;
  /** Local wall-clock time in Chicago. */
  local: string;
  lat: string;
  lon: string;
  unit: string;
}

/** `YYYY-MM-DD HH:mm:ss` of a UTC instant in Chicago before the 2026-03-08 change (UTC-6). */
const chicagoCst = (utcMs: number) =>
  new Date(utcMs - 6 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * `good` recent reads (early March 2026, CST) of a few vehicles, then
 * `noPosition` reads with an empty latitude, then `expired` reads from two
 * years before (outside Belgium's 12 months).
 */
function release(counts: { good: number; noPosition?: number; expired?: number }): Row[] {
  const rows: Row[] = [];
  const t0 = Date.parse('2026-03-01T14:00:00Z');
  for (let i = 0; i < counts.good; i++)
    rows.push({
      plate: sha(`vehicle-${i % 4}`),
      local: chicagoCst(t0 + i * 60_000),
      lat: (41.88 + i * 0.0001).toFixed(5),
      lon: (-87.63 - i * 0.0001).toFixed(5),
      unit: `CHI-PD-${i % 3}`,
    });
  for (let i = 0; i < (counts.noPosition ?? 0); i++)
    rows.push({
      plate: sha(`vehicle-${i % 4}`),
      local: chicagoCst(t0 + i * 60_000 + 30_000),
      lat: '',
      lon: '',
      unit: 'CHI-PD-9',
    });
  for (let i = 0; i < (counts.expired ?? 0); i++)
    rows.push({
      plate: sha(`vehicle-${i % 4}`),
      local: chicagoCst(t0 - 730 * DAY + i * 60_000),
      lat: '41.90000',
      lon: '-87.70000',
      unit: 'CHI-PD-1',
    });
  return rows;
}

const csv = (rows: Row[]) =>
  'plate_hash|read_datetime|latitude|longitude|unit_id\n' +
  rows.map((r) => `${r.plate}|${r.local}|${r.lat}|${r.lon}|${r.unit}\n`).join('');

function writeGz(name: string, rows: Row[]): string {
  const file = join(dir, name);
  writeFileSync(file, gzipSync(csv(rows)));
  return file;
}

const importFile = (file: string, ...extra: string[]) =>
  runCli(
    [
      'import',
      file,
      '--mapping',
      join(dir, 'us.json'),
      '--source',
      'US-Release',
      '--tz',
      'America/Chicago',
      '--report',
      join(dir, 'report.csv'),
      '--data-dir',
      join(dir, 'data'),
      ...extra,
    ],
    io(),
  );

function storedReads() {
  const db = openPlatformDb(join(dir, 'data'), {});
  try {
    return (db.prepare('SELECT * FROM reads ORDER BY captured_at').all() as ReadRow[]).map(
      rowToRead,
    );
  } finally {
    db.close();
  }
}

describe('importing a gzip-compressed US release with hashed plates', () => {
  it('reads the .csv.gz, converts Chicago local time, and groups the rejections by reason with their first lines', async () => {
    const rows = release({ good: 60, noPosition: 25, expired: 15 });
    const file = writeGz('alpr_reads.csv.gz', rows);
    expect(await importFile(file)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Imported alpr_reads.csv.gz (gzip, csv, delimiter "|")');
    expect(text).toMatch(/100 rows, 60 accepted, 0 duplicates \(already stored\), 40 rejected/);
    // One line per reason, most frequent first, count then the first five lines (header is line 1).
    expect(out).toContain(
      `Rejected, by reason (every row is listed by line in ${join(dir, 'report.csv')}):`,
    );
    const reasons = out.filter((l) => /^ +\d+ {2}/.test(l));
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^ {2}25 {2}lat: empty \(lines 62, 63, 64, 65, 66, …\)$/);
    expect(reasons[1]).toMatch(
      /^ {2}15 {2}expired: retention rule all-reads allows no storage at this time \(lines 87, 88, 89, 90, 91, …\)$/,
    );
    // 40 of 100 is not "most": no retention sentence.
    expect(text).not.toMatch(/fell outside retention/);
    expect(readFileSync(join(dir, 'report.csv'), 'utf8').trim().split('\n')).toHaveLength(41);

    const reads = storedReads();
    expect(reads).toHaveLength(60);
    // 08:00:00 CST is 14:00:00Z; the hash is stored as delivered (lower case).
    expect(reads[0]).toMatchObject({
      capturedAt: '2026-03-01T14:00:00.000Z',
      plate: sha('vehicle-0'),
      unitType: 'mobile-manned',
      source: 'US-Release',
    });
  });

  it('finds the reads of a hash searched in upper case, on the platform and in a case store', async () => {
    expect(await importFile(writeGz('alpr_reads.csv.gz', release({ good: 60 })))).toBe(0);
    const wanted = sha('vehicle-2');
    const upper = wanted.toUpperCase();

    // Platform: the exact-search SQL of queries, pulls and approvals (plate index seek).
    const db = openPlatformDb(join(dir, 'data'), {});
    let platformIds: string[];
    try {
      const c = compileScope({ plates: [{ kind: 'exact', plate: upper }] });
      platformIds = (db.prepare(c.sql).all(...c.params) as Array<{ id: string }>).map((r) => r.id);
    } finally {
      db.close();
    }
    expect(platformIds).toHaveLength(15);

    // Workstation: a case store holding the pulled reads, searched by the plate-search analysis.
    const caseDb = new Database(':memory:');
    try {
      createReadsTable(caseDb);
      const insert = caseDb.prepare(INSERT_READ);
      for (const r of storedReads())
        insert.run(
          ...insertParams({
            id: r.id,
            plate: r.plate,
            capturedAt: Date.parse(r.capturedAt),
            lat: r.lat,
            lon: r.lon,
            unitId: r.unitId,
            direction: r.direction,
            confidence: r.confidence,
          }),
        );
      const found = plateSearch(sqliteSource(caseDb), { mode: 'exact', plate: upper });
      expect(found.rows.map((r) => r.id).sort()).toEqual([...platformIds].sort());
      expect(found.plates).toMatchObject([{ plate: wanted, count: 15 }]);
    } finally {
      caseDb.close();
    }
  });

  it('a file detected as gzip by its bytes is read whatever its name', async () => {
    expect(await importFile(writeGz('alpr_reads.csv', release({ good: 5 })))).toBe(0);
    expect(out.join('\n')).toMatch(/\(gzip, csv, delimiter "\|"\).*5 rows, 5 accepted/);
  });

  it('re-running an imported file stores nothing, says so, and is not an error', async () => {
    const file = writeGz('alpr_reads.csv.gz', release({ good: 20 }));
    expect(await importFile(file)).toBe(0);
    out = [];
    expect(await importFile(file)).toBe(0);
    expect(out.join('\n')).toMatch(
      /20 rows, 0 accepted, 20 duplicates[\s\S]*Nothing new: all 20 rows are already stored/,
    );
    expect(storedReads()).toHaveLength(20);
  });

  it('fails when every row fell outside retention, naming the pack, its window and the cutoff', async () => {
    const file = writeGz('old.csv.gz', release({ good: 0, expired: 30 }));
    expect(await importFile(file)).toBe(1);
    const text = out.join('\n');
    expect(text).toContain(
      'Every row (30) fell outside retention: policy pack be (Belgium) keeps these reads for ' +
        '12 months (rule all-reads) after capture, so reads captured before 2025-03-15 cannot be stored.',
    );
    expect(text).toContain('Nothing stored: all 30 rows were rejected');
    expect(storedReads()).toHaveLength(0);
  });

  it('says so when most rows fell outside retention, but succeeds for the rows it stored', async () => {
    expect(await importFile(writeGz('mixed.csv.gz', release({ good: 4, expired: 6 })))).toBe(0);
    expect(out.join('\n')).toContain('Most rows (6 of 10) fell outside retention: policy pack be');
  });

  it('fails on a file without data rows, saying why', async () => {
    const headerOnly = join(dir, 'empty.csv.gz');
    writeFileSync(headerOnly, gzipSync('plate_hash|read_datetime|latitude|longitude|unit_id\n'));
    expect(await importFile(headerOnly)).toBe(1);
    expect(out.join('\n')).toContain(
      'Nothing imported: empty.csv.gz has no data rows (it is empty, or holds only a header line).',
    );
  });

  it('refuses a zip archive with a sentence saying what to do, before storing or reporting anything', async () => {
    // A zip's local file header, as `zip` writes it, then the CSV stored uncompressed.
    const file = join(dir, 'alpr_reads.zip');
    const body = Buffer.from(csv(release({ good: 3 })));
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(10, 4);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(body.length, 22);
    header.writeUInt16LE('reads.csv'.length, 26);
    writeFileSync(file, Buffer.concat([header, Buffer.from('reads.csv'), body]));
    expect(await importFile(file)).toBe(1);
    expect(err.join('\n')).toContain(
      'alpr_reads.zip is a zip archive; unpack it first (unzip) and import the CSV or NDJSON file inside.',
    );
    expect(storedReads()).toHaveLength(0);
    expect(() => readFileSync(join(dir, 'report.csv'))).toThrow(/ENOENT/);
  });

  it('says a gzip file is cut short instead of reporting a wrong header or a success', async () => {
    const whole = gzipSync(csv(release({ good: 2000 })));
    const file = join(dir, 'cut.csv.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(await importFile(file)).toBe(1);
    expect(err.join('\n')).toMatch(/cut\.csv\.gz: the gzip data is damaged or cut short/);
  });

  it('names each kind of file it cannot read by its first bytes', () => {
    const of = (...bytes: number[]) => refusalOf(Buffer.from([...bytes, 0x41, 0x42]), 'F');
    expect(of(0x42, 0x5a, 0x68, 0x39)).toBe(
      'F is bzip2-compressed; unpack it first (bunzip2) and import the CSV or NDJSON file inside.',
    );
    expect(of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)).toMatch(/^F is xz-compressed; .*\(unxz\)/);
    expect(of(0x28, 0xb5, 0x2f, 0xfd)).toMatch(/^F is zstd-compressed; .*\(unzstd\)/);
    expect(of(0xff, 0xfe, 0x70, 0x00)).toMatch(/^F is UTF-16 text .*save it as UTF-8/);
    expect(of(0x70, 0x00, 0x6c, 0x00)).toMatch(/^F is not a text file/);
    expect(refusalOf(Buffer.from('\uFEFFplate|time\n', 'utf8'), 'F')).toBeNull();
  });
});

// The policy pack these expectations name: fail loudly if its window changes.
it('the be pack keeps every read 12 months (the window the retention sentence names)', () => {
  expect(POLICY_PACKS.be.retention.rules.map((r) => [r.id, r.keep])).toEqual([
    ['all-reads', 'P12M'],
  ]);
});

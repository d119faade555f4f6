import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { rowToRead, type ReadRow } from '../data/rows.ts';
import { createSqliteStore, type PlatformStore } from '../data/store.ts';
import { openEncrypted, type Db } from '../store/sqlite.ts';
import { importFile, type ImportOptions } from './import.ts';
import { loadMapping, Mapping } from './mapping.ts';

/**
 * File imports into a real encrypted store: the shipped mappings and
 * samples, rejected rows listed by line, idempotent re-runs, streaming in
 * batches.
 */

const NOW = new Date('2026-03-15T12:00:00Z');
const RES = join(import.meta.dirname, '../../resources');
const generic = loadMapping(join(RES, 'mappings/generic.json'));
const vendor = loadMapping(join(RES, 'mappings/vendor-example.json'));

let dir: string;
let db: Db;
let store: PlatformStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-import-test-'));
  db = openEncrypted(join(dir, 'platform.db'), randomBytes(32).toString('hex'));
  store = createSqliteStore(db, { pack: POLICY_PACKS.be });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (file: string, mapping: Mapping, over: Partial<ImportOptions> = {}) =>
  importFile(store, {
    file,
    mapping,
    source: 'TestExport',
    clock: () => NOW,
    reportFile: join(dir, 'report.csv'),
    ...over,
  });

const stored = (): Read[] =>
  (db.prepare('SELECT * FROM reads ORDER BY captured_at').all() as ReadRow[]).map(rowToRead);
const report = () => readFileSync(join(dir, 'report.csv'), 'utf8').trim().split('\n');

describe('file import', () => {
  it('loads the generic CSV sample, each read at its own position, and a re-run adds nothing', async () => {
    const file = join(RES, 'samples/generic.csv');
    const first = await run(file, generic, { tz: 'Europe/Copenhagen' });
    expect(first).toMatchObject({
      rows: 5,
      accepted: 5,
      duplicates: 0,
      rejected: 0,
      delimiter: ',',
    });
    const reads = stored();
    const van = reads.find((r) => r.unitId === 'DK-VAN-03')!;
    expect(van).toMatchObject({
      unitType: 'mobile-manned',
      lat: 55.6761,
      lon: 12.5683,
      heading: 87.5,
      unitSpeedKmh: 42,
      // 09:02:11 in Copenhagen (UTC+1 in March)
      capturedAt: '2026-03-14T08:02:11.000Z',
      vehicle: { make: 'Toyota', model: 'Corolla', colour: 'white' },
    });
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(reads.find((r) => r.plateRaw === hash)).toMatchObject({ plate: hash, country: null });
    const be = reads.find((r) => r.unitId === 'BXL-CAM-01')!;
    expect(be).toMatchObject({
      plate: '1ABC123',
      plateRaw: '1-ABC-123',
      alternatives: [{ plate: '1-A8C-123', confidence: 0.41 }],
      images: ['img/0001-plate.jpg', 'img/0001-overview.jpg'],
      capturedAt: '2026-03-14T07:15:02.120Z',
    });
    expect(reads.find((r) => r.unitId === 'AAC-CAM-1')).toMatchObject({
      plateRaw: 'B 123, LX',
      direction: 'towards "Aachen"',
    });

    const again = await run(file, generic, { tz: 'Europe/Copenhagen' });
    expect(again).toMatchObject({ rows: 5, accepted: 0, duplicates: 5, rejected: 0 });
    expect(stored()).toHaveLength(5);
  });

  it('loads the vendor sample: semicolons, decimal commas, percent confidence, vehicle codes, two image columns', async () => {
    const summary = await run(join(RES, 'samples/vendor-example.csv'), vendor);
    expect(summary).toMatchObject({ rows: 6, accepted: 6, rejected: 0, delimiter: ';' });
    const reads = stored();
    expect(reads[0]).toMatchObject({
      plate: '1ABC123',
      country: 'BE',
      lat: 50.6326,
      lon: 5.5797,
      confidence: 0.97,
      lane: 2,
      unitId: 'LGE-E40-03',
      unitType: 'fixed',
      source: 'TestExport',
      images: ['img/100234-p.jpg', 'img/100234-o.jpg'],
      capturedAt: '2026-03-14T08:15:02.120Z',
    });
    expect(reads.map((r) => r.country)).toEqual(['BE', 'FR', 'DE', 'NL', 'US', null]);
    // A damaged read is kept as read, never refused for its format.
    expect(reads[5]).toMatchObject({ plateRaw: '??12?4', plate: '??12?4' });
    expect((await run(join(RES, 'samples/vendor-example.csv'), vendor)).duplicates).toBe(6);
  });

  it('loads the NDJSON sample with the generic mapping', async () => {
    const summary = await run(join(RES, 'samples/generic.ndjson'), generic);
    expect(summary).toMatchObject({ format: 'ndjson', rows: 3, accepted: 3 });
    expect(stored().find((r) => r.unitId === 'DK-VAN-07')).toMatchObject({
      unitType: 'mobile-unmanned',
      heading: 270,
      unitSpeedKmh: 65.5,
      alternatives: [{ plate: 'CD 11 227', confidence: 0.35 }],
    });
  });

  it('lists every bad row by line with its reason, stores the good ones, and never writes a plate to the report', async () => {
    const file = join(dir, 'bad.csv');
    const header = 'plateRaw,capturedAt,lat,lon,unitId,confidence';
    writeFileSync(
      file,
      [
        header,
        '1SECRET1,2026-03-14T08:00:00Z,50.85,4.35,CAM-1,0.9', // 2 ok
        '1SECRET2,14/03/2026,50.85,4.35,CAM-1,0.9', // 3 bad time
        ',2026-03-14T08:00:00Z,50.85,4.35,CAM-1,0.9', // 4 no plate
        '1SECRET3,2026-03-14T08:00:00Z,95.5,4.35,CAM-1,0.9', // 5 lat out of range (store)
        '1SECRET4,2026-03-14T08:00:00Z,north,4.35,CAM-1,0.9', // 6 not a number
        '1SECRET5,2024-01-01T08:00:00Z,50.85,4.35,CAM-1,0.9', // 7 past retention
        '1SECRET6,2026-03-14T08:00:00,50.85,4.35,CAM-1,0.9', // 8 no offset, no --tz
        '',
        '1SECRET7,2026-03-14T08:00:01Z,50.85,4.35,CAM-1,0.9', // 10 ok
        '"1SECRET8,2026-03-14T08:00:00Z,50.85,4.35,CAM-1,0.9', // 11 unterminated quote
      ].join('\n'),
    );
    const summary = await run(file, generic);
    expect(summary).toMatchObject({ rows: 9, accepted: 2, duplicates: 0, rejected: 7, expired: 1 });
    const lines = report();
    expect(lines[0]).toBe('line,status,reason');
    const byLine = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]));
    expect([...byLine.keys()]).toEqual([3, 4, 5, 6, 7, 8, 11]);
    expect(byLine.get(3)).toMatch(/capturedAt: not an ISO-8601/);
    expect(byLine.get(4)).toMatch(/plateRaw: empty/);
    expect(byLine.get(5)).toMatch(/lat: /);
    expect(byLine.get(6)).toMatch(/lat: not a number/);
    expect(byLine.get(7)).toMatch(/expired: retention rule/);
    expect(byLine.get(8)).toMatch(/no UTC offset/);
    expect(byLine.get(11)).toMatch(/malformed CSV: a quoted field is never closed/);
    expect(readFileSync(join(dir, 'report.csv'), 'utf8')).not.toMatch(/SECRET/);
  });

  it('takes fixed cameras’ positions from the camera register when the export has none', async () => {
    await store.upsertCameras(
      [
        {
          id: 'CAM-REG-1',
          site: 'E40 Liège',
          lat: 50.6326,
          lon: 5.5797,
          road: 'E40',
          direction: 'W',
          heading: 270,
          lanes: 3,
          operator: 'federal',
          unitType: 'fixed',
          connectedSince: '2025-01-01T00:00:00Z',
          outages: [],
        },
      ],
      NOW,
    );
    const file = join(dir, 'noposition.csv');
    writeFileSync(
      file,
      'plate\ttime\tcam\n1ABC123\t2026-03-14T08:00:00Z\tCAM-REG-1\n1ABC124\t2026-03-14T08:00:00Z\tCAM-UNKNOWN\n',
    );
    const mapping = Mapping.parse({
      fields: {
        plateRaw: 'plate',
        capturedAt: 'time',
        unitId: 'cam',
        confidence: { value: 1 },
      },
    });
    const summary = await run(file, mapping);
    expect(summary).toMatchObject({ delimiter: '\t', accepted: 1, rejected: 1 });
    expect(stored()[0]).toMatchObject({ lat: 50.6326, lon: 5.5797, operator: 'federal' });
    expect(report()[1]).toMatch(/^3,rejected,lat\/lon: not in the export/);
  });

  it('streams a file in batches and accounts for every row', async () => {
    const file = join(dir, 'many.csv');
    const lines = ['plateRaw,capturedAt,lat,lon,unitId,confidence'];
    const t0 = Date.parse('2026-03-10T00:00:00Z');
    for (let i = 0; i < 5000; i++)
      lines.push(
        `${i % 7 === 0 ? 'bad' : `1AB${String(i).padStart(4, '0')}`},${i % 7 === 0 ? 'x' : new Date(t0 + i * 1000).toISOString()},50.8,4.3,CAM-${i % 10},0.9`,
      );
    writeFileSync(file, lines.join('\n') + '\n');
    const progress: number[] = [];
    const summary = await run(file, generic, {
      batchSize: 1000,
      onProgress: (s) => progress.push(s.rows),
    });
    const bad = Math.ceil(5000 / 7);
    expect(summary).toMatchObject({ rows: 5000, accepted: 5000 - bad, rejected: bad });
    expect(progress.length).toBeGreaterThan(4);
    expect(report()).toHaveLength(bad + 1);
    const again = await run(file, generic, { batchSize: 1000 });
    expect(again).toMatchObject({ accepted: 0, duplicates: 5000 - bad, rejected: bad });
  });

  it('refuses a mapping whose columns the file lacks before storing anything', async () => {
    const file = join(dir, 'other.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(run(file, vendor)).rejects.toThrow(/column "ReadID"/);
    expect(stored()).toHaveLength(0);
  });
});

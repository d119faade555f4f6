import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/log.ts';
import { runCli, type CliIo } from '../cli.ts';
import { openPlatformDb } from '../store/sqlite.ts';

const RES = join(import.meta.dirname, '../../resources');
let dir: string;
let out: string[];
let err: string[];
const now = new Date('2026-03-15T12:00:00Z');
const io = (): CliIo => ({
  out: (l) => out.push(l),
  err: (l) => err.push(l),
  env: {},
  clock: () => now,
});
const run = (...args: string[]) => runCli([...args, '--data-dir', join(dir, 'data')], io());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-import-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('platform import', () => {
  it('imports a CSV with a mapping, lists bad rows by line, and audits the import', async () => {
    const file = join(dir, 'export.csv');
    writeFileSync(
      file,
      readFileSync(join(RES, 'samples/vendor-example.csv'), 'utf8') +
        '100240;9ZZZ999;B;not a time;LGE-E40-04;50,6401;5,5612;80;1;x;;;;\n',
    );
    const report = join(dir, 'report.csv');
    const code = await run(
      'import',
      file,
      '--mapping',
      join(RES, 'mappings/vendor-example.json'),
      '--source',
      'AcmeVendor',
      '--tz',
      'Europe/Brussels',
      '--report',
      report,
    );
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/7 rows, 6 accepted, 0 duplicates \(already stored\), 1 rejected/);
    expect(text).toMatch(/^ {2}1 {2}capturedAt: does not match the format .*\(line 8\)$/m);
    expect(readFileSync(report, 'utf8')).toMatch(/^line,status,reason\n8,rejected,capturedAt/);

    out = [];
    expect(
      await run(
        'import',
        file,
        '--mapping',
        join(RES, 'mappings/vendor-example.json'),
        '--source',
        'AcmeVendor',
        '--report',
        report,
        '--json',
      ),
    ).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ rows: 7, accepted: 0, duplicates: 6, rejected: 1 });

    const db = openPlatformDb(join(dir, 'data'), {});
    try {
      const entries = createAuditLog(db, () => now).list({
        officerId: 'platform-cli',
        limit: 10,
      }).entries;
      expect(entries.map((e) => e.body.action)).toEqual(['reads.import', 'reads.import']);
      expect(entries[1]!.body).toMatchObject({
        operation: 'collection',
        parameters: { file: 'export.csv', source: 'AcmeVendor', rows: 7, accepted: 6, rejected: 1 },
        resultCount: 6,
      });
      expect(entries[1]!.body.parameters.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      db.close();
    }
  });

  it('explains missing arguments and unknown zones', async () => {
    expect(await run('import', join(RES, 'samples/generic.csv'), '--source', 'X')).toBe(2);
    expect(err.join('\n')).toMatch(/--mapping/);
    expect(
      await run(
        'import',
        join(RES, 'samples/generic.csv'),
        '--mapping',
        join(RES, 'mappings/generic.json'),
        '--source',
        'X',
        '--tz',
        'Nowhere/City',
      ),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/unknown time zone/);
  });
});

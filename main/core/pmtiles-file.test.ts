import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, pmtilesResponse } from './pmtiles-file.ts';

let dir: string;
let file: string;
/** 1000 bytes whose value tells their position, so a wrong slice is visible. */
const content = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-pmtiles-file-'));
  file = join(dir, 'basemap.pmtiles');
  writeFileSync(file, content);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bytes(body: Readable | null): Promise<Buffer> {
  if (!body) throw new Error('no body');
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('pmtilesResponse', () => {
  it('serves the whole file without a Range header, announcing byte ranges', async () => {
    const res = await pmtilesResponse(file, undefined, 'GET');
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'Accept-Ranges': 'bytes',
      'Content-Length': '1000',
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    expect(res.headers['Content-Range']).toBeUndefined();
    expect((await bytes(res.body)).equals(content)).toBe(true);
  });

  it('serves a closed range as 206 with exactly those bytes', async () => {
    const res = await pmtilesResponse(file, 'bytes=100-199', 'GET');
    expect(res.status).toBe(206);
    expect(res.headers['Content-Range']).toBe('bytes 100-199/1000');
    expect(res.headers['Content-Length']).toBe('100');
    expect((await bytes(res.body)).equals(content.subarray(100, 200))).toBe(true);
  });

  it('clamps a range past the end, as the PMTiles client asks for 16 KiB of a smaller file', async () => {
    const res = await pmtilesResponse(file, 'bytes=0-16383', 'GET');
    expect(res.status).toBe(206);
    expect(res.headers['Content-Range']).toBe('bytes 0-999/1000');
    expect((await bytes(res.body)).equals(content)).toBe(true);
  });

  it('serves open-ended and suffix ranges', async () => {
    const open = await pmtilesResponse(file, 'bytes=990-', 'GET');
    expect(open.status).toBe(206);
    expect(open.headers['Content-Range']).toBe('bytes 990-999/1000');
    expect((await bytes(open.body)).equals(content.subarray(990))).toBe(true);

    const suffix = await pmtilesResponse(file, 'bytes=-5', 'GET');
    expect(suffix.status).toBe(206);
    expect(suffix.headers['Content-Range']).toBe('bytes 995-999/1000');
    expect((await bytes(suffix.body)).equals(content.subarray(995))).toBe(true);

    const bigSuffix = await pmtilesResponse(file, 'bytes=-5000', 'GET');
    expect(bigSuffix.headers['Content-Range']).toBe('bytes 0-999/1000');
    expect((await bytes(bigSuffix.body)).length).toBe(1000);
  });

  it('answers 416 with the size when no requested byte exists', async () => {
    for (const range of ['bytes=1000-1100', 'bytes=5000-', 'bytes=-0']) {
      const res = await pmtilesResponse(file, range, 'GET');
      expect(res.status, range).toBe(416);
      expect(res.headers['Content-Range']).toBe('bytes */1000');
      expect(res.body).toBeNull();
    }
  });

  it('answers a multi-range or malformed Range with the full file', async () => {
    for (const range of ['bytes=0-1,5-6', 'bytes=9-3', 'items=0-5', 'bytes=abc']) {
      const res = await pmtilesResponse(file, range, 'GET');
      expect(res.status, range).toBe(200);
      expect((await bytes(res.body)).length).toBe(1000);
    }
  });

  it('streams ranges too big to read ahead (a whole-file download of a large extract)', async () => {
    const big = join(dir, 'big.pmtiles');
    const data = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
    data.write('end', data.length - 3);
    writeFileSync(big, data);
    const res = await pmtilesResponse(big, 'bytes=1-', 'GET');
    expect(res.status).toBe(206);
    expect(res.headers['Content-Length']).toBe(String(data.length - 1));
    const body = await bytes(res.body);
    expect(body.length).toBe(data.length - 1);
    expect(body.subarray(-3).toString()).toBe('end');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await pmtilesResponse(file, 'bytes=10-19', 'HEAD');
    expect(res.status).toBe(206);
    expect(res.headers['Content-Length']).toBe('10');
    expect(res.body).toBeNull();
  });

  it('gives a strong ETag that changes when the file is replaced', async () => {
    const other = join(dir, 'etag.pmtiles');
    writeFileSync(other, content);
    utimesSync(other, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const before = (await pmtilesResponse(other, undefined, 'HEAD')).headers.ETag;
    writeFileSync(other, Buffer.concat([content, content]));
    const after = (await pmtilesResponse(other, undefined, 'HEAD')).headers.ETag;
    expect(before).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(after).not.toBe(before);
  });

  it('answers 404 when the file is gone or is not a file', async () => {
    const gone = await pmtilesResponse(join(dir, 'missing.pmtiles'), 'bytes=0-10', 'GET');
    expect(gone.status).toBe(404);
    expect(gone.body).toBeNull();
    expect((await pmtilesResponse(dir, undefined, 'GET')).status).toBe(404);
    expect((await pmtilesResponse(join(file, 'below'), undefined, 'GET')).status).toBe(404);
  });

  it('serves an empty file as an empty 200 and refuses any range of it', async () => {
    const empty = join(dir, 'empty.pmtiles');
    writeFileSync(empty, '');
    const whole = await pmtilesResponse(empty, undefined, 'GET');
    expect(whole.status).toBe(200);
    expect(whole.headers['Content-Length']).toBe('0');
    expect((await pmtilesResponse(empty, 'bytes=0-', 'GET')).status).toBe(416);
  });
});

describe('parseRange', () => {
  it('reads the three single-range forms and tolerates spacing and case', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('Bytes = 2 - 4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-', 10)).toBeNull();
    expect(parseRange(undefined, 10)).toBeNull();
  });
});

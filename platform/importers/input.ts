import type { Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { constants, createGunzip, gunzipSync } from 'node:zlib';

/**
 * What an export file is, judged by its first bytes (never by its name: a
 * release's `.csv` may be gzip and a `.gz` may be plain text), and its text
 * as a stream: plain or gzip (decompressed as it streams, never whole in
 * memory). Everything else is refused up front with a sentence saying what
 * the file is and what to do, instead of being parsed as garbage and failing
 * on a header it "lacks".
 */

export class ImportInputError extends Error {}

export type Compression = 'gzip' | null;

/** Bytes looked at; enough for any magic number and a first look at the text. */
const HEAD_BYTES = 64 * 1024;

const ARCHIVES: ReadonlyArray<{ magic: number[]; what: string; unpack: string }> = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive', unpack: 'unzip' },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'a zip archive (empty)', unpack: 'unzip' },
  { magic: [0x50, 0x4b, 0x07, 0x08], what: 'a zip archive', unpack: 'unzip' },
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2-compressed', unpack: 'bunzip2' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed', unpack: 'unxz' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed', unpack: 'unzstd' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive', unpack: '7z x' },
];

const startsWith = (buf: Uint8Array, magic: readonly number[]): boolean =>
  buf.length >= magic.length && magic.every((b, i) => buf[i] === b);

export const isGzip = (head: Uint8Array): boolean => startsWith(head, [0x1f, 0x8b]);

/**
 * Why `head` (the first bytes of text, after any decompression) cannot be
 * imported, or null when it looks like UTF-8 text. `name` is how the file
 * is called in the sentence.
 */
export function refusalOf(head: Uint8Array, name: string): string | null {
  for (const a of ARCHIVES)
    if (startsWith(head, a.magic))
      return `${name} is ${a.what}; unpack it first (${a.unpack}) and import the CSV or NDJSON file inside.`;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    return `${name} is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and import that.`;
  // Text exports never hold a NUL byte; UTF-16 without a BOM, spreadsheets
  // (xlsx is zip, xls is OLE2) and databases all do within the first bytes.
  if (head.includes(0))
    return `${name} is not a text file (it holds NUL bytes near its start): export it as CSV or NDJSON (UTF-8).`;
  return null;
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Looks at the file's first bytes: its compression, or an ImportInputError
 * saying why it cannot be read. For gzip the start of the decompressed text
 * is checked as well (a zip inside a gzip, a UTF-16 export gzipped).
 */
export function inspectInput(file: string): { compression: Compression } {
  const name = basename(file);
  const head = readHead(file);
  if (!isGzip(head)) {
    const why = refusalOf(head, name);
    if (why) throw new ImportInputError(why);
    return { compression: null };
  }
  let inner: Buffer;
  try {
    // Z_SYNC_FLUSH: give what the first bytes decompress to, without
    // requiring the end of the stream.
    inner = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    throw new ImportInputError(
      `${name} starts like a gzip file but cannot be decompressed (damaged or not gzip).`,
    );
  }
  const why = refusalOf(inner.subarray(0, HEAD_BYTES), `${name} (inside its gzip compression)`);
  if (why) throw new ImportInputError(why);
  return { compression: 'gzip' };
}

/** The file's bytes as stored, each chunk hashed (the audit trail names the file as received). */
async function* fileBytes(file: string, hash: Hash): AsyncGenerator<Buffer> {
  for await (const buf of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(buf);
    yield buf;
  }
}

/**
 * The file's text in chunks, decompressed when `compression` says so; the
 * hash sees the bytes as stored. A damaged or truncated gzip ends in an
 * ImportInputError naming the file; batches committed before it stay stored
 * (a re-run of a complete copy finds them as duplicates).
 */
export async function* textChunks(
  file: string,
  compression: Compression,
  hash: Hash,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes: AsyncIterable<Buffer> = fileBytes(file, hash);
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    // pipeline destroys the gunzip stream on a read error, so iteration throws.
    bytes = pipeline(Readable.from(bytes), gunzip, () => {}) as AsyncIterable<Buffer>;
  }
  try {
    for await (const buf of bytes) {
      const text = decoder.write(buf);
      if (text) yield text;
    }
  } catch (error) {
    if (compression === 'gzip' && (error as { code?: string }).code?.startsWith('Z_'))
      throw new ImportInputError(
        `${basename(file)}: the gzip data is damaged or cut short (${(error as Error).message}). ` +
          'Rows already committed stay stored; import a complete copy (they then count as already stored).',
      );
    throw error;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * Serves the officer's local PMTiles file to the map at a same-origin path,
 * with HTTP byte ranges: the PMTiles client reads the header, directories
 * and each tile as a `Range: bytes=a-b` request and refuses a server that
 * answers those with the whole file. Transport-neutral (status, headers and
 * a Node stream) so the browser host and the Electron protocol handler
 * serve the file under one rule.
 */

export interface PmtilesResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** The bytes to send; null for HEAD, 404 and 416. The caller must consume or destroy it. */
  body: Readable | null;
}

/** Inclusive byte positions, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The single byte range a `Range` header asks for within a file of `size`
 * bytes (RFC 9110 §14.1.2): `bytes=a-b` (end clamped to the file), `bytes=a-`
 * and the suffix `bytes=-n`. `null` when the whole file is to be sent: no
 * header, another unit, a malformed value (which a server must ignore) or
 * several ranges (a PMTiles client never asks for those; the full file is a
 * valid answer). `'unsatisfiable'` when no requested byte exists.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const requestedEnd = last === '' ? Infinity : Number(last);
  if (!Number.isSafeInteger(start) || requestedEnd < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(requestedEnd, size - 1) };
}

/** Errors meaning "there is no readable file at this path" rather than a fault of the machine. */
const GONE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ELOOP', 'ENAMETOOLONG']);

/**
 * Ranges up to this size (every header, directory and tile read of a PMTiles
 * client) are read before answering, so no file handle outlives the call
 * even when the map cancels the request; larger bodies are streamed.
 */
const READ_AHEAD_LIMIT = 4 * 1024 * 1024;

const COMMON_HEADERS = {
  'Accept-Ranges': 'bytes',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The answer to a GET or HEAD of the PMTiles file at `path` with an optional
 * `Range` header. The file is opened once and its size, ETag and bytes all
 * come from that one handle, so an officer replacing the file mid-read
 * cannot produce a response stitched from two files. The strong ETag
 * (size + mtime) lets the PMTiles client notice a replaced file and reload
 * its directory instead of decoding tiles at stale offsets.
 */
export function pmtilesResponse(
  path: string,
  range: string | undefined,
  method: 'GET' | 'HEAD',
): Promise<PmtilesResponse> {
  return respond(path, range, method, 1);
}

async function respond(
  path: string,
  range: string | undefined,
  method: 'GET' | 'HEAD',
  retries: number,
): Promise<PmtilesResponse> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isGone(error)) return notFound();
    throw error;
  }
  let keepOpen = false;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return notFound();
    const size = info.size;
    const etag = `"${size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
    const wanted = parseRange(range, size);
    if (wanted === 'unsatisfiable') {
      return {
        status: 416,
        headers: { ...COMMON_HEADERS, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' },
        body: null,
      };
    }
    const { start, end } = wanted ?? { start: 0, end: size - 1 };
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(end - start + 1),
      ETag: etag,
      'Last-Modified': info.mtime.toUTCString(),
    };
    if (wanted) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const status = wanted ? 206 : 200;
    if (method === 'HEAD' || end < start) return { status, headers, body: null };
    const length = end - start + 1;
    if (length <= READ_AHEAD_LIMIT) {
      const bytes = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(bytes, read, length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      if (read < length) {
        // Truncated since it was opened (being replaced): answer from the file as it is now.
        if (retries > 0) return respond(path, range, method, retries - 1);
        throw new Error('The PMTiles file changed while it was read.');
      }
      return { status, headers, body: Readable.from(bytes, { objectMode: false }) };
    }
    keepOpen = true;
    // autoClose: the stream closes the handle when it ends, fails or is destroyed.
    return { status, headers, body: handle.createReadStream({ start, end, autoClose: true }) };
  } catch (error) {
    if (isGone(error)) return notFound();
    throw error;
  } finally {
    if (!keepOpen) await handle.close();
  }
}

function notFound(): PmtilesResponse {
  return {
    status: 404,
    headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' },
    body: null,
  };
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && GONE.has(code);
}

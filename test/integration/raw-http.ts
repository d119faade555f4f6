import { connect, type Socket } from 'node:net';

/**
 * HTTP over a raw TCP socket, so a test can send bytes no HTTP client would
 * (a broken request line, a header with a control character, a body that
 * lies about its length) and still read whatever comes back.
 */
export interface RawAnswer {
  /** Status code of the response, or null when none came. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The connection broke (reset, or a write into a closed socket). */
  reset: boolean;
  /** No complete response arrived within the idle time. */
  timedOut: boolean;
}

/**
 * One connection, several exchanges: `send` writes bytes, `next` waits for
 * the next complete response. A test can keep writing a body after the server
 * has answered, and then ask something else on the same connection.
 */
export class RawConnection {
  readonly #socket: Socket;
  readonly #connected: Promise<void>;
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  #reset = false;
  #waiter: (() => void) | null = null;

  constructor(port: number) {
    this.#socket = connect({ host: '127.0.0.1', port });
    this.#connected = new Promise((resolve) => {
      this.#socket.once('connect', () => resolve());
      this.#socket.once('close', () => resolve());
    });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    this.#socket.on('error', () => {
      this.#reset = true;
    });
    this.#socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  #wake() {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.();
  }

  get reset(): boolean {
    return this.#reset;
  }

  /** Writes and waits until the bytes are handed to the kernel; false once the connection broke. */
  async send(bytes: string | Buffer): Promise<boolean> {
    await this.#connected;
    if (this.#closed || this.#reset || !this.#socket.writable) return false;
    return new Promise((resolve) =>
      this.#socket.write(bytes, (error) => resolve(!error && !this.#reset)),
    );
  }

  /** The next complete response (skipping 1xx), or what there is once the server closed or idleMs passed. */
  async next(idleMs = 20_000, options: { toHead?: boolean } = {}): Promise<RawAnswer> {
    for (;;) {
      const taken = takeResponse(this.#buffer, this.#closed, options.toHead);
      if (taken) {
        this.#buffer = taken.rest;
        return { ...taken.answer, reset: this.#reset, timedOut: false };
      }
      if (this.#closed)
        return { status: null, headers: {}, body: '', reset: this.#reset, timedOut: false };
      const arrived = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), idleMs);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!arrived) {
        const partial = takeResponse(this.#buffer, true);
        return {
          ...(partial?.answer ?? { status: null, headers: {}, body: '' }),
          reset: this.#reset,
          timedOut: true,
        };
      }
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** One request (possibly in several writes), its first response, then the connection is closed. */
export async function rawRequest(
  port: number,
  payload: string | Buffer | (string | Buffer)[],
  options: { idleMs?: number } = {},
): Promise<RawAnswer> {
  const connection = new RawConnection(port);
  try {
    const parts = Array.isArray(payload) ? payload : [payload];
    // The server may answer (and stop reading) before everything is sent:
    // writes are not awaited one by one so the answer is read meanwhile.
    void (async () => {
      for (const part of parts) if (!(await connection.send(part))) break;
    })();
    const first = parts[0];
    const toHead = first !== undefined && Buffer.from(first).subarray(0, 5).toString() === 'HEAD ';
    return await connection.next(options.idleMs, { toHead });
  } finally {
    connection.close();
  }
}

function headersOf(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Parses one response off the front of `bytes`; `closed`: the body may end at the end of the bytes. */
function takeResponse(
  bytes: Buffer,
  closed: boolean,
  toHead = false,
): { answer: Omit<RawAnswer, 'reset' | 'timedOut'>; rest: Buffer } | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString('latin1');
  const after = bytes.subarray(end + 4);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  if (status >= 100 && status < 200) return takeResponse(after, closed, toHead);
  const headers = headersOf(head);
  const answer = (body: Buffer) => ({
    status: Number.isFinite(status) ? status : null,
    headers,
    body: body.toString('utf8'),
  });
  // An answer to HEAD announces a length but carries no body.
  if (toHead) return { answer: answer(Buffer.alloc(0)), rest: after };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (after.length < length)
      return closed ? { answer: answer(after), rest: Buffer.alloc(0) } : null;
    return { answer: answer(after.subarray(0, length)), rest: after.subarray(length) };
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = after.indexOf('\r\n', at);
      if (eol < 0)
        return closed ? { answer: answer(Buffer.concat(chunks)), rest: Buffer.alloc(0) } : null;
      const size = parseInt(after.subarray(at, eol).toString('latin1'), 16);
      if (!Number.isFinite(size))
        return { answer: answer(Buffer.concat(chunks)), rest: Buffer.alloc(0) };
      if (size === 0) {
        const trailerEnd = after.indexOf('\r\n\r\n', eol);
        if (trailerEnd < 0 && !closed) return null;
        return {
          answer: answer(Buffer.concat(chunks)),
          rest: trailerEnd < 0 ? Buffer.alloc(0) : after.subarray(trailerEnd + 4),
        };
      }
      if (after.length < eol + 2 + size + 2)
        return closed ? { answer: answer(Buffer.concat(chunks)), rest: Buffer.alloc(0) } : null;
      chunks.push(after.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }
  // 204/304 carry no body; otherwise the body ends when the server closes.
  if (status === 204 || status === 304) return { answer: answer(Buffer.alloc(0)), rest: after };
  return closed ? { answer: answer(after), rest: Buffer.alloc(0) } : null;
}

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contract } from '../../common/api/contract.ts';
import { dispatch } from '../../common/api/dispatch.ts';
import { fail } from '../../common/api/result.ts';
import { LOCAL_PMTILES_PATH } from '../../common/settings.ts';
import { pmtilesResponse } from '../core/pmtiles-file.ts';
import { contentSecurityPolicy, contentType, resolveStaticPath } from '../core/static-path.ts';
import type { Workstation } from '../core/workstation.ts';
import { checkRequest } from './guard.ts';

/**
 * The browser shell: serves the built renderer and the same typed API as the
 * Electron shell, on 127.0.0.1 only. It is what E2E tests drive and what runs
 * where Electron is not available.
 */
export interface HostOptions {
  workstation: Workstation;
  /** Directory holding the built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
  /** Per-launch secret; random when omitted. */
  token?: string;
  onError?: (message: string, error: unknown) => void;
}

export interface RunningHost {
  port: number;
  origin: string;
  /** URL to open: the token travels in the fragment, which is never sent to a server. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  // Per response, from the current settings: the CSP follows the basemap setting.
  const csp = () =>
    contentSecurityPolicy({ tileOrigin: options.workstation.settings.tileOrigin() });
  let port = 0;

  const server = createServer((req, res) => {
    // Total by construction: whatever arrives, the answer is a status code,
    // never an exception that escapes to the event loop and ends the process.
    try {
      handleRequest(req, res);
    } catch (error) {
      options.onError?.('request', error);
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Internal error.'));
      else res.destroy();
    }
  });
  // Requests Node's parser refuses (a broken request line, a header with a
  // control character, an oversized header block) never reach the handler:
  // answer them in the same envelope instead of Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Node's own rule: a response already under way cannot be replaced.
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'Request headers too large.']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'Request took too long to arrive.']
          : [400, 'Bad Request', 'Malformed HTTP request.'];
    const text = JSON.stringify(fail('INVALID_ARGUMENT', message));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Cache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
        `Connection: close\r\n\r\n${text}`,
    );
  });

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    securityHeaders(res, csp());
    const target = req.url ?? '';
    // Only the origin form ("/path?query") is what a browser sends to a server;
    // absolute and authority forms ("http://[", "host:port") and "*" are refused
    // here, before anything parses them. The raw path is used as is: the guard,
    // the API and the static resolver each decode it under their own rule.
    if (!target.startsWith('/')) {
      return sendJson(res, 400, fail('INVALID_ARGUMENT', 'Malformed request target.'));
    }
    const path = target.split(/[?#]/, 1)[0]!;
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        path,
        host: req.headers.host,
        origin: req.headers.origin,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
      },
      { port, token },
    );
    if (!verdict.allow) {
      return sendJson(res, verdict.status, fail(verdict.code, verdict.message));
    }
    if (path.startsWith('/api/')) {
      let method: string;
      try {
        method = decodeURIComponent(path.slice(5));
      } catch {
        return sendJson(
          res,
          400,
          fail('INVALID_ARGUMENT', 'The API method name is not valid percent-encoding.'),
        );
      }
      handleApi(req, res, method, options).catch((error: unknown) => {
        options.onError?.('api', error);
        if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Internal error.'));
      });
      return;
    }
    if (path === LOCAL_PMTILES_PATH) {
      servePmtiles(req, res, options.workstation.settings.pmtilesFile()).catch((error) => {
        options.onError?.('pmtiles', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    serveStatic(res, options.rendererDir, path, req.method === 'HEAD').catch((error) => {
      options.onError?.('static', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token,
    launchUrl: `${origin}/#launch=${token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  options: HostOptions,
): Promise<void> {
  const body = await readBody(req);
  if (body === 'aborted') return;
  if (body === 'too-large')
    return sendJson(res, 413, fail('INVALID_ARGUMENT', 'Request body too large (1 MiB at most).'));
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body) : {};
  } catch {
    return sendJson(res, 400, fail('INVALID_ARGUMENT', 'Request body is not valid JSON.'));
  }
  const result = await dispatch(
    contract,
    options.workstation.handlers,
    method,
    input,
    { transport: 'browser' },
    {
      onInternalError: (name, error) => options.onError?.(name, error),
    },
  );
  // Errors travel in the envelope with HTTP 200, exactly as over IPC: the
  // renderer's client handles one shape whatever the transport.
  sendJson(res, 200, result);
}

/**
 * The request body, at most MAX_BODY bytes. Past that the answer is a 413 the
 * client can read: the rest of the body is read and dropped rather than the
 * socket being cut (a reset can discard the answer before the client reads
 * it), up to MAX_DRAIN, after which the connection is closed.
 */
function readBody(req: IncomingMessage): Promise<string | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY) {
      drain(req);
      return resolve('too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      drain(req, size);
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-body needs no answer.
    req.on('error', () => resolve('aborted'));
    req.on('aborted', () => resolve('aborted'));
  });
}

const MAX_DRAIN = 64 * 1024 * 1024;

function drain(req: IncomingMessage, already = 0): void {
  let dropped = already;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > MAX_DRAIN) req.socket.destroy();
  });
  req.on('error', () => {});
  req.resume();
}

async function serveStatic(
  res: ServerResponse,
  root: string,
  path: string,
  headOnly: boolean,
): Promise<void> {
  let file = resolveStaticPath(root, path);
  if (!file) return void res.writeHead(404).end();
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // Client-side routes fall back to the app shell; missing assets stay 404.
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path))
      return void res.writeHead(404).end();
    file = resolveStaticPath(root, '/index.html')!;
    info = await stat(file).catch(() => null);
    if (!info?.isFile())
      return void res
        .writeHead(503, { 'Content-Type': 'text/plain' })
        .end('Renderer not built: run `npm run build`.');
  }
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Length': info.size,
    'Cache-Control': path.startsWith('/assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  if (headOnly) return void res.end();
  // A file that vanishes between stat and open must not become an unhandled 'error'.
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * The officer's PMTiles basemap, from its configured path only (the URL
 * names no file), with Range support: the map reads the directory and the
 * tiles it needs, never the whole file.
 */
async function servePmtiles(
  req: IncomingMessage,
  res: ServerResponse,
  file: string | null,
): Promise<void> {
  if (!file) return void res.writeHead(404).end();
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
  const out = await pmtilesResponse(file, req.headers.range, req.method);
  res.writeHead(out.status, out.headers);
  if (!out.body) return void res.end();
  out.body.on('error', () => res.destroy());
  // A map that cancels a request must not leave the file open until GC.
  res.on('close', () => out.body?.destroy());
  out.body.pipe(res);
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
  );
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

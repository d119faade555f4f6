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
    securityHeaders(res, csp());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
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
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, decodeURIComponent(url.pathname.slice(5)), options).catch((error) => {
        options.onError?.('api', error);
        if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Internal error.'));
      });
      return;
    }
    if (url.pathname === LOCAL_PMTILES_PATH) {
      servePmtiles(req, res, options.workstation.settings.pmtilesFile()).catch((error) => {
        options.onError?.('pmtiles', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    serveStatic(res, options.rendererDir, url.pathname, req.method === 'HEAD').catch((error) => {
      options.onError?.('static', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

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
  if (body === null) return sendJson(res, 413, fail('INVALID_ARGUMENT', 'Request body too large.'));
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

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
  createReadStream(file).pipe(res);
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

import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/**
 * Maps a URL path to a file under `root`, or null when it would leave it.
 * Shared by the Electron `app://` protocol and the browser host, so both serve
 * the renderer under the same rule. Decoding happens once, here: `%2e%2e`,
 * encoded slashes and backslashes, NUL bytes and absolute paths are refused.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const cleaned = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  if (!cleaned.startsWith('/')) return null;
  // A legitimate asset URL never contains a dot-dot segment: refuse rather than clamp.
  if (cleaned.split('/').includes('..')) return null;
  const base = resolve(root);
  const target = resolve(base, '.' + normalize(cleaned));
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'))
    return null;
  return target;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
};

export function contentType(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 && TYPES[file.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

/**
 * The renderer's Content-Security-Policy. Scripts only from our own origin, no
 * eval, no inline script; network only to ourselves plus an agency tile server
 * when one is configured (so the CSP follows the setting, nothing else leaks).
 * The shells compute it per response from the current settings; a changed
 * basemap takes effect when the renderer reloads.
 */
export function contentSecurityPolicy(options: { tileOrigin?: string | null } = {}): string {
  const tiles = options.tileOrigin ? ` ${options.tileOrigin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${tiles}`,
    `connect-src 'self'${tiles}`,
    "font-src 'self'",
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

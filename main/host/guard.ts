import { timingSafeEqual } from 'node:crypto';

/**
 * Decides whether a request to the loopback host may reach the API. Pure, so
 * every rule is unit-tested:
 * - Host must be exactly our 127.0.0.1:port (defeats DNS rebinding: a page on
 *   evil.example resolving to 127.0.0.1 sends `Host: evil.example`);
 * - API calls must come from our own Origin (other local pages are refused,
 *   and the CORS preflight a foreign page would need is never granted);
 * - API calls must carry the per-launch secret, compared in constant time.
 * A header that is missing or not even shaped like a host or an origin is a
 * malformed request (400), told apart from a well-formed foreign one (403).
 */
export interface GuardInput {
  method: string;
  path: string;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
}

export type GuardVerdict =
  | { allow: true }
  | {
      allow: false;
      status: 400 | 401 | 403 | 405 | 415;
      code: 'FORBIDDEN' | 'INVALID_ARGUMENT';
      message: string;
    };

/** RFC 9110 Host: a reg-name or IPv4 address, or a bracketed IPv6 literal, with an optional port. */
const HOST_PART = String.raw`(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?`;
const HOST = new RegExp(`^${HOST_PART}$`);
/** A serialized origin (RFC 6454): scheme "://" host [":" port], nothing after. */
const ORIGIN = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*://${HOST_PART}$`);

export function checkRequest(
  input: GuardInput,
  expected: { port: number; token: string },
): GuardVerdict {
  const ownHost = `127.0.0.1:${expected.port}`;
  if (input.host === undefined || !HOST.test(input.host)) {
    return {
      allow: false,
      status: 400,
      code: 'INVALID_ARGUMENT',
      message: 'Missing or malformed Host header.',
    };
  }
  if (input.host !== ownHost) {
    return { allow: false, status: 403, code: 'FORBIDDEN', message: 'Unexpected Host header.' };
  }
  if (!input.path.startsWith('/api/')) {
    return input.method === 'GET' || input.method === 'HEAD'
      ? { allow: true }
      : { allow: false, status: 405, code: 'FORBIDDEN', message: 'Method not allowed.' };
  }
  if (input.method !== 'POST') {
    return { allow: false, status: 405, code: 'FORBIDDEN', message: 'API calls use POST.' };
  }
  if (input.origin !== undefined && input.origin !== 'null' && !ORIGIN.test(input.origin)) {
    return {
      allow: false,
      status: 400,
      code: 'INVALID_ARGUMENT',
      message: 'Malformed Origin header.',
    };
  }
  if (input.origin !== `http://${ownHost}`) {
    return {
      allow: false,
      status: 403,
      code: 'FORBIDDEN',
      message: 'Calls from this origin are not allowed.',
    };
  }
  if (!tokenMatches(input.authorization, expected.token)) {
    return {
      allow: false,
      status: 401,
      code: 'FORBIDDEN',
      message: 'Missing or wrong launch token.',
    };
  }
  if (!input.contentType?.toLowerCase().startsWith('application/json')) {
    return {
      allow: false,
      status: 415,
      code: 'INVALID_ARGUMENT',
      message: 'Expected application/json.',
    };
  }
  return { allow: true };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

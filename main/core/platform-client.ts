import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import { ApiError, type ErrorCode } from '../../common/api/result.ts';
import {
  ApiErrorResponse,
  CameraList,
  CaseList,
  PullCreated,
  PullLine,
  type CreatePullRequest,
} from '../../common/platform-api.ts';
import { Case } from '../../common/case.ts';
import { platformFetch } from './platform-fetch.ts';

/**
 * The workstation's client of the central platform. Every response is parsed
 * with the shared schemas: a platform that answers with something unexpected
 * gets a clear error, never a half-understood value in a case store.
 */
export interface PlatformClientOptions {
  baseUrl: string;
  accessToken: () => Promise<string>;
  /** Default: platformFetch (Electron's net stack in the desktop app). Tests inject a dropped network. */
  fetch?: typeof fetch;
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;

export function createPlatformClient(options: PlatformClientOptions) {
  const doFetch = options.fetch ?? platformFetch;
  /**
   * A pooled keep-alive connection can be closed by the server at the moment
   * it is reused (ECONNRESET before any answer). Idempotent GETs are retried
   * once on a fresh connection; other requests never are.
   */
  const fetchOnce = async (target: URL, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(target, init);
    } catch (error) {
      if ((init.method ?? 'GET') !== 'GET' || !isConnectionReset(error) || init.signal?.aborted)
        throw error;
      return doFetch(target, init);
    }
  };
  const url = (path: string) => new URL(path, options.baseUrl);

  async function send(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Response> {
    const token = await options.accessToken();
    let res: Response;
    try {
      res = await fetchOnce(url(path), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json, application/x-ndjson',
          'Accept-Encoding': 'gzip',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ?? AbortSignal.timeout(30_000),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError' && signal?.aborted)
        throw new ApiError('CANCELLED', 'Cancelled.');
      throw new ApiError('UNAVAILABLE', `The platform is not reachable (${networkReason(error)}).`);
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  async function json<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    const res = await send(method, path, body);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      throw new ApiError(
        'UNAVAILABLE',
        `The platform answered ${method} ${path} with data this workstation does not understand.`,
      );
    }
    return parsed.data;
  }

  return {
    /** Any platform call with its response schema (oversight, ingest admin ...): same errors and validation. */
    request: json,
    listCases: () => json('GET', '/api/v1/cases', CaseList).then((r) => r.cases),
    /** The case list with the cases that left it since the officer pulled under them, and why. */
    caseList: () => json('GET', '/api/v1/cases', CaseList),
    getCase: (caseId: string) => json('GET', `/api/v1/cases/${encodeURIComponent(caseId)}`, Case),
    cameras: () => json('GET', '/api/v1/cameras', CameraList).then((r) => r.cameras),
    createPull: (request: CreatePullRequest) => json('POST', '/api/v1/pulls', PullCreated, request),

    /**
     * Streams a pull's reads after `after` (exclusive) as validated lines.
     * Lines that fail validation are yielded as `invalid` with their line
     * number and reason, so the caller counts and reports them: never dropped silently.
     */
    async *streamPull(
      pullId: string,
      after: string | null,
      signal: AbortSignal,
    ): AsyncGenerator<
      { line: z.output<typeof PullLine> } | { invalid: { lineNumber: number; reason: string } }
    > {
      const query = after ? `?after=${encodeURIComponent(after)}` : '';
      const res = await send(
        'GET',
        `/api/v1/pulls/${encodeURIComponent(pullId)}/reads${query}`,
        undefined,
        signal,
      );
      if (!res.body) throw new ApiError('UNAVAILABLE', 'The platform sent an empty pull stream.');
      let stream: Readable = Readable.fromWeb(res.body as WebReadableStream);
      // fetch() already decodes Content-Encoding; a gzip body without that header is decoded here.
      if (res.headers.get('content-type')?.includes('gzip')) stream = stream.pipe(createGunzip());
      let buffer = '';
      let lineNumber = 0;
      try {
        for await (const chunk of stream) {
          buffer += chunk.toString('utf8');
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const text = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            lineNumber++;
            if (!text.trim()) continue;
            yield parseLine(text, lineNumber);
          }
        }
      } catch (error) {
        if (signal.aborted) throw new ApiError('CANCELLED', 'The pull was cancelled.');
        throw new ApiError(
          'UNAVAILABLE',
          `The connection to the platform dropped during the pull (${(error as Error).message}).`,
        );
      }
      if (buffer.trim()) yield parseLine(buffer, lineNumber + 1);
    },
  };
}

function parseLine(text: string, lineNumber: number) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { invalid: { lineNumber, reason: 'not valid JSON' } };
  }
  const parsed = PullLine.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      invalid: {
        lineNumber,
        reason: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
      },
    };
  }
  return { line: parsed.data };
}

async function errorFrom(res: Response): Promise<ApiError> {
  const body = ApiErrorResponse.safeParse(await res.json().catch(() => undefined));
  const message = body.success
    ? body.data.error.message
    : `The platform answered HTTP ${res.status}.`;
  const code: ErrorCode =
    res.status === 400 || res.status === 422
      ? 'INVALID_ARGUMENT'
      : res.status === 401
        ? 'UNAUTHENTICATED'
        : res.status === 403
          ? 'FORBIDDEN'
          : res.status === 404
            ? 'NOT_FOUND'
            : res.status === 409
              ? 'CONFLICT'
              : res.status === 412 || res.status === 451
                ? 'PRECONDITION_FAILED'
                : 'UNAVAILABLE';
  return new ApiError(code, message);
}

/** Node's fetch says ECONNRESET (in `cause`); Electron's net.fetch says net::ERR_CONNECTION_RESET. */
export function isConnectionReset(error: unknown): boolean {
  const reason = networkReason(error);
  return reason === 'ECONNRESET' || reason === 'net::ERR_CONNECTION_RESET';
}

/** fetch() reports "fetch failed" and hides the reason (refused, timed out, DNS) in `cause`. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

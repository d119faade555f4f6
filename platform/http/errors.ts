import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, type ErrorCode } from '../../common/api/result.ts';

/**
 * The platform's HTTP error envelope: `{ error: { code, message } }`, codes
 * in snake_case. Messages are written for the officer (the workstation shows
 * them); internal details go to the log, never into a response.
 */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('Stable machine-readable code, e.g. mfa_required, forbidden, invalid_request.'),
      message: z.string().describe('Human-readable explanation.'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const apiErrorStatus: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNKNOWN_METHOD: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  LOCKED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  UNAVAILABLE: 503,
  CANCELLED: 409,
  INTERNAL: 500,
};

/** Domain code (platform/data throws ApiError) → HTTP error, one mapping for all routes. */
export function fromApiError(error: ApiError): HttpError {
  const status = apiErrorStatus[error.code] ?? 500;
  if (status >= 500)
    return new HttpError(
      status,
      error.code.toLowerCase(),
      'Internal error; the platform log has the details.',
    );
  return new HttpError(status, error.code.toLowerCase(), error.message);
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({
      error: { code: error.code, message: error.message },
    } satisfies ErrorBody);
}

/** Maps whatever a handler or Fastify throws to the envelope; logs without request data. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const mapped = toHttpError(error);
      if (mapped.status >= 500) {
        // Stack and message only: error messages of our own code never carry
        // request content, and Fastify's parse errors are handled above.
        request.log.error(
          { err: { type: error.name, message: error.message, stack: error.stack } },
          'request failed',
        );
      } else {
        request.log.info({ error: mapped.code, status: mapped.status }, 'request refused');
      }
      if (mapped.status === 413) {
        // Fastify asks to close the connection here, and closing a socket the
        // client is still writing its body into resets it: the client then
        // reports a broken connection instead of this answer. Kept open, Node
        // reads the rest of the body by its framing and drops it (bounded by
        // the server's requestTimeout), and the client reads a 413.
        reply.removeHeader('connection');
      }
      return sendError(reply, mapped);
    },
  );
  app.setNotFoundHandler((_request, reply) =>
    sendError(
      reply,
      new HttpError(404, 'not_found', 'No such endpoint. See /openapi.json for the API.'),
    ),
  );
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ApiError) return fromApiError(error);
  const e = error as Partial<FastifyError> & { statusCode?: number };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(
        413,
        'payload_too_large',
        'The request body is larger than this endpoint accepts.',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(
        415,
        'unsupported_media_type',
        'Send the request body as application/json.',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(
        400,
        'invalid_json',
        'The request body is empty but the content type says JSON.',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (e.statusCode === 429) {
    return new HttpError(429, 'rate_limited', 'Too many requests; wait a moment and try again.');
  }
  if (error instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(String(e.message)))) {
    // Node's JSON.parse message quotes the input: never pass it on or log it.
    return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new HttpError(e.statusCode, 'invalid_request', 'The request was refused.');
  }
  return new HttpError(500, 'internal', 'Internal error; the platform log has the details.');
}

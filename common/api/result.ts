import { z } from 'zod';

/**
 * Error codes every transport may return. They are part of the public
 * contract: the renderer maps them to translated messages, tests assert them.
 */
export const errorCodes = [
  'INVALID_ARGUMENT', // input failed schema validation at the boundary
  'UNKNOWN_METHOD', // no such API name
  'FORBIDDEN', // caller (origin, sender frame, token, role) is not allowed
  'UNAUTHENTICATED', // no session, or the session expired
  'LOCKED', // session locked after inactivity: re-authenticate
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED', // e.g. clock skew, audit sync overdue
  'UNAVAILABLE', // platform or keychain unreachable
  'CANCELLED',
  'INTERNAL', // a bug: details are logged, never sent
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorBody = z.object({ code: ErrorCode, message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by services; converted to `{ok:false,error}` by the dispatcher. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): ApiResult<never> => ({
  ok: false,
  error: { code, message },
});

/** Schema for an envelope as it crosses a transport (value checked later). */
export const ApiEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);

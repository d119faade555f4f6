import { ApiError, type ErrorCode } from '../../common/api/result.ts';

/**
 * What went wrong, in the data layer's terms. `legal-gate` is kept apart
 * from `forbidden` so the workstation can say "a prosecutor's approval is
 * needed" rather than "you may not".
 */
export type DataErrorKind =
  'invalid' | 'forbidden' | 'not-found' | 'legal-gate' | 'too-large' | 'conflict';

const API_CODE: Record<DataErrorKind, ErrorCode> = {
  invalid: 'INVALID_ARGUMENT',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  'legal-gate': 'FORBIDDEN',
  'too-large': 'INVALID_ARGUMENT',
  conflict: 'CONFLICT',
};

/**
 * Extends ApiError so the HTTP layer's one error mapping handles it; `kind`
 * carries the finer data-layer reason. Messages are for the officer and
 * never contain a plate or other read content.
 */
export class DataError extends ApiError {
  readonly kind: DataErrorKind;
  constructor(kind: DataErrorKind, message: string) {
    super(API_CODE[kind], message);
    this.name = 'DataError';
    this.kind = kind;
  }
}

export function isDataError(e: unknown, kind?: DataErrorKind): e is DataError {
  return e instanceof DataError && (kind === undefined || e.kind === kind);
}

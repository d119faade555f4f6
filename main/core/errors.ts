import { ApiError } from '../../common/api/result.ts';
import { KeychainUnavailableError } from './keychain.ts';
import { StoreError, StoreFullError } from './store/errors.ts';

/**
 * Turns storage and keychain failures into API errors the officer can act on.
 * Their messages are written for officers (what happened, what to do) and
 * never contain a key, a plate or a path to a secret.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof KeychainUnavailableError) return new ApiError('UNAVAILABLE', error.message);
  if (error instanceof StoreFullError) return new ApiError('UNAVAILABLE', error.message);
  if (error instanceof StoreError) {
    const hint =
      error.recovery === 're-pull'
        ? ' You can delete the local copy of this case and pull its data again.'
        : error.recovery === 'free-space-and-resume'
          ? ' Free disk space, then resume the pull.'
          : '';
    return new ApiError('PRECONDITION_FAILED', error.message + hint);
  }
  return error;
}

/**
 * Typed failures of the encrypted local stores. They cross the worker thread
 * boundary by name (see protocol.ts), so every class here must be listed in
 * `storeErrorClasses` and take only a message (plus optional detail).
 *
 * Messages are written for the officer: what happened, whether data was lost,
 * what to do. They never contain a plate, a key or a file's content.
 */

/** What the user can do about it; the UI offers the matching action. */
export type StoreRecovery =
  | 're-pull' // delete the local copy and pull the reads again from the platform
  | 'free-space-and-resume' // free disk space, then resume the pull from its last committed batch
  | 'reopen' // open the case again
  | 'none';

export class StoreError extends Error {
  readonly recovery: StoreRecovery = 'none';
  /** Technical detail for support staff (SQLite code, byte offsets), never data. */
  readonly detail: string | undefined;
  constructor(message: string, detail?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.detail = detail;
  }
}

export class StoreWrongKeyError extends StoreError {
  override readonly recovery = 're-pull';
  constructor(
    message = "The local copy of this case cannot be decrypted with the key held in this computer's keychain " +
      '(the key does not belong to this file, or the file is damaged). Its contents cannot be recovered on this ' +
      'workstation: delete the local copy and pull the reads again from the platform.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreWrongKeyError';
  }
}

export class StoreCorruptError extends StoreError {
  override readonly recovery = 're-pull';
  constructor(
    message = 'The local copy of this case is damaged (the file is truncated or part of it was overwritten). ' +
      'Delete the local copy and pull the reads again from the platform; nothing on the platform is affected.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreCorruptError';
  }
}

export class StoreKeyMissingError extends StoreError {
  override readonly recovery = 're-pull';
  constructor(
    message = "The local copy of this case exists, but its key is missing from this computer's keychain " +
      '(the keychain was reset or the file was copied from elsewhere). Without the key the file cannot be read: ' +
      'delete the local copy and pull the reads again from the platform.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreKeyMissingError';
  }
}

export class StoreFullError extends StoreError {
  override readonly recovery = 'free-space-and-resume';
  constructor(
    message = 'The disk is full. The pull stopped after its last complete batch; nothing was half-written. ' +
      'Free some disk space, then resume the pull: it continues where it stopped.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreFullError';
  }
}

export class StoreNotOpenError extends StoreError {
  override readonly recovery = 'reopen';
  constructor(
    message = 'The local copy of this case is not open (it was closed, or the storage worker restarted). Open the case again.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreNotOpenError';
  }
}

export class StoreWorkerError extends StoreError {
  override readonly recovery = 'reopen';
  constructor(
    message = 'The local storage worker stopped unexpectedly. Open the case again; data committed before the failure is kept.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'StoreWorkerError';
  }
}

export class PullStateError extends StoreError {
  constructor(
    message = 'This pull is not running: start or resume it first.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'PullStateError';
  }
}

export class InvalidCaseIdError extends StoreError {
  constructor(
    message = 'This case identifier cannot be used for a local store (empty, too long, or containing path characters).',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'InvalidCaseIdError';
  }
}

export class AuditChainConflictError extends StoreError {
  constructor(
    message = 'Internal error: an audit entry does not extend the local audit chain.',
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, detail, options);
    this.name = 'AuditChainConflictError';
  }
}

export const storeErrorClasses = {
  StoreError,
  StoreWrongKeyError,
  StoreCorruptError,
  StoreKeyMissingError,
  StoreFullError,
  StoreNotOpenError,
  StoreWorkerError,
  PullStateError,
  InvalidCaseIdError,
  AuditChainConflictError,
} as const;

/**
 * Maps a raw SQLite failure that happened after the store was opened to a
 * typed error (corruption found late, disk full). Other errors pass through.
 */
export function mapSqliteError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (
    code === 'SQLITE_FULL' ||
    (code.startsWith('SQLITE_IOERR') &&
      /ENOSPC|disk is full/i.test(String((error as Error).message)))
  ) {
    return new StoreFullError(undefined, code, { cause: error });
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new StoreCorruptError(undefined, code, { cause: error });
  }
  return error;
}

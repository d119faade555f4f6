/**
 * Delivery of the local audit chain to the platform:
 * - `createAuditUploader`: the platform calls (register the device key,
 *   upload the next slice of the chain with a signed checkpoint, fetch the
 *   key of the platform's own checkpoints), every
 *   request and response checked against common/platform-api.ts;
 * - `startAuditSync`: runs `auditLog.sync` at start and then periodically on
 *   an unref'd timer (it never keeps the process alive), backing off while the
 *   platform is unreachable. The last error is kept by the audit log for the
 *   UI's sync state.
 */
import type { z } from 'zod';
import { ApiError, type ErrorCode } from '../../../common/api/result.ts';
import {
  ApiErrorResponse,
  AuditUploadRequest,
  AuditUploadResponse,
  PlatformCheckpointKey,
  RegisterDeviceRequest,
  RegisterDeviceResponse,
} from '../../../common/platform-api.ts';
import type { AuditLog, AuditUploaderLike, SyncResult } from './audit-log.ts';

export interface AuditUploaderOptions {
  baseUrl: string;
  /** The officer's current access token (the auth module refreshes it). */
  accessToken: () => Promise<string>;
  /** Injected only where the network itself cannot be used. */
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export type AuditUploader = AuditUploaderLike & {
  registerDevice(
    deviceId: string,
    publicKeyPem: string,
  ): Promise<z.output<typeof RegisterDeviceResponse>>;
  upload(req: z.input<typeof AuditUploadRequest>): Promise<z.output<typeof AuditUploadResponse>>;
  checkpointKey(): Promise<z.output<typeof PlatformCheckpointKey>>;
};

export const DEVICES_PATH = '/api/v1/devices';
export const AUDIT_UPLOADS_PATH = '/api/v1/audit/uploads';
export const CHECKPOINT_KEY_PATH = '/api/v1/audit/checkpoint-key';

export function createAuditUploader(options: AuditUploaderOptions): AuditUploader {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** POST with `body`; a GET when `body` is undefined. */
  async function post<S extends z.ZodType>(
    path: string,
    what: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    const token = await options.accessToken();
    let res: Response;
    try {
      res = await doFetch(new URL(path, options.baseUrl), {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ApiError(
        'UNAVAILABLE',
        `The platform is not reachable (${networkReason(error)}); ${what} will be retried.`,
      );
    }
    const payload: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = ApiErrorResponse.safeParse(payload);
      const said = err.success ? err.data.error.message : `HTTP ${res.status}`;
      throw new ApiError(codeFor(res.status), `The platform refused ${what}: ${said}`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(
        'UNAVAILABLE',
        `The platform answered ${what} with data this workstation does not understand ` +
          `(${issue?.path.join('.') || 'response'}: ${issue?.message ?? 'invalid'}).`,
      );
    }
    return parsed.data;
  }

  function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(
        'INVALID_ARGUMENT',
        `Internal error: ${what} is not valid (${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}).`,
      );
    }
    return parsed.data;
  }

  return {
    registerDevice: (deviceId, publicKeyPem) =>
      post(
        DEVICES_PATH,
        'the registration of this workstation',
        checked(RegisterDeviceRequest, { deviceId, publicKeyPem }, 'the device registration'),
        RegisterDeviceResponse,
      ),
    upload: (req) =>
      post(
        AUDIT_UPLOADS_PATH,
        'the audit log upload',
        checked(AuditUploadRequest, req, 'the audit upload'),
        AuditUploadResponse,
      ),
    checkpointKey: () =>
      post(
        CHECKPOINT_KEY_PATH,
        "the platform's audit checkpoint key",
        undefined,
        PlatformCheckpointKey,
      ),
  };
}

function codeFor(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'INVALID_ARGUMENT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 412) return 'PRECONDITION_FAILED';
  return 'UNAVAILABLE';
}

/** "connection refused", "timed out": the socket-level reason undici hides in `cause`. */
function networkReason(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'no answer in time';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return (e?.cause?.message ?? e?.message ?? 'network error').replace(/\s+/g, ' ').slice(0, 200);
}

// ---------------------------------------------------------------------------
// Periodic sync
// ---------------------------------------------------------------------------

export interface AuditSyncSchedule {
  /** Syncs now (joining a run in progress) and restarts the interval. Rejects like AuditLog.sync. */
  syncNow(): Promise<SyncResult>;
  state(): { consecutiveFailures: number; nextAttemptAt: string | null; running: boolean };
  stop(): void;
}

/**
 * First run immediately, then every `intervalMs`. After n consecutive
 * failures the next attempt waits intervalMs * 2^n, capped at `maxBackoffMs`
 * (default: the larger of intervalMs and 15 minutes), so an unreachable
 * platform is not hammered; "sync now" from the UI bypasses the wait.
 */
export function startAuditSync(
  auditLog: Pick<AuditLog, 'sync'>,
  uploader: AuditUploaderLike,
  clock: () => Date,
  intervalMs: number,
  options: { maxBackoffMs?: number } = {},
): AuditSyncSchedule {
  if (!(intervalMs > 0)) throw new TypeError('startAuditSync: intervalMs must be positive');
  const maxBackoffMs = options.maxBackoffMs ?? Math.max(intervalMs, 15 * 60_000);
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let stopped = false;
  let current: Promise<SyncResult> | null = null;
  let nextAttemptAt: Date | null = null;

  const delay = (): number =>
    failures === 0 ? intervalMs : Math.min(intervalMs * 2 ** failures, maxBackoffMs);

  const schedule = (ms: number): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    nextAttemptAt = null;
    if (stopped) return;
    nextAttemptAt = new Date(clock().getTime() + ms);
    timer = setTimeout(() => void run().catch(() => undefined), ms);
    timer.unref();
  };

  async function attempt(): Promise<SyncResult> {
    try {
      const result = await auditLog.sync(uploader);
      failures = 0;
      return result;
    } catch (error) {
      failures++;
      throw error; // the audit log has recorded it as lastError
    } finally {
      schedule(delay());
    }
  }

  // A timer run and "sync now" share one attempt (and count one failure).
  const run = (): Promise<SyncResult> => {
    current ??= attempt().finally(() => {
      current = null;
    });
    return current;
  };

  schedule(0);
  return {
    syncNow: () => run(),
    state: () => ({
      consecutiveFailures: failures,
      nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
      running: current !== null,
    }),
    stop: () => {
      stopped = true;
      schedule(0);
    },
  };
}

/**
 * The workstation's calls about itself as a device (common/device-api.ts):
 * reporting audit write failures, asking whether the platform revoked it, and
 * reporting the erasure that revocation orders. Same conventions as the audit
 * uploader: the officer's token, checked responses, plain error messages.
 */
import type { z } from 'zod';
import { ApiError } from '../../../common/api/result.ts';
import {
  AuditFailuresResponse,
  DeviceErasureResponse,
  DeviceStatusResponse,
  type AuditFailureReport,
  type DeviceErasureRequest,
} from '../../../common/device-api.ts';

export interface DeviceClientOptions {
  baseUrl: string;
  accessToken: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface DeviceClient {
  reportFailures(deviceId: string | null, reports: AuditFailureReport[]): Promise<number>;
  status(deviceId: string): Promise<DeviceStatusResponse>;
  reportErasure(deviceId: string, erasure: z.input<typeof DeviceErasureRequest>): Promise<void>;
}

export function createDeviceClient(options: DeviceClientOptions): DeviceClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    const token = await options.accessToken();
    let res: Response;
    try {
      res = await doFetch(new URL(path, options.baseUrl), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ApiError('UNAVAILABLE', 'The platform is not reachable; this will be retried.');
    }
    const payload: unknown = await res.json().catch(() => undefined);
    if (!res.ok)
      throw new ApiError(
        res.status === 403 ? 'FORBIDDEN' : 'UNAVAILABLE',
        `The platform refused the request (HTTP ${res.status}).`,
      );
    const parsed = schema.safeParse(payload);
    if (!parsed.success)
      throw new ApiError(
        'UNAVAILABLE',
        'The platform answered with data this workstation does not understand.',
      );
    return parsed.data;
  }
  return {
    async reportFailures(deviceId, reports) {
      const r = await request(
        'POST',
        '/api/v1/audit/failures',
        { deviceId, reports },
        AuditFailuresResponse,
      );
      return r.recorded;
    },
    status: (deviceId) =>
      request(
        'GET',
        `/api/v1/devices/${encodeURIComponent(deviceId)}/status`,
        undefined,
        DeviceStatusResponse,
      ),
    async reportErasure(deviceId, erasure) {
      await request(
        'POST',
        `/api/v1/devices/${encodeURIComponent(deviceId)}/erasure`,
        erasure,
        DeviceErasureResponse,
      );
    },
  };
}

import { contract, type WorkstationContract } from '../../common/api/contract.ts';
import { createClient, type Client, type Transport } from '../../common/api/dispatch.ts';
import { ApiEnvelope, type ApiResult } from '../../common/api/result.ts';

/**
 * The renderer talks to the workstation only through this typed client. It
 * cannot tell which shell it runs in: under Electron the preload exposes
 * `window.anpr` (one function per method, over IPC); in the browser shell the
 * same calls go to the loopback host with the per-launch token.
 */
type Bridge = Record<string, (input: unknown) => Promise<ApiResult<unknown>>>;
declare global {
  interface Window {
    anpr?: Bridge;
  }
}

const TOKEN_KEY = 'anpr.launch';

/**
 * The host passes its secret in the URL fragment (never sent over the wire,
 * never in server logs). Keep it for this tab only and wipe it from the
 * address bar so it does not end up in history or screenshots.
 */
function takeLaunchToken(): string | null {
  const match = /(?:^|[#&])launch=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function bridgeTransport(bridge: Bridge): Transport {
  return async (method, input) => {
    const fn = bridge[method];
    if (!fn)
      return {
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `Unknown API method: ${method}` },
      };
    return ApiEnvelope.parse(await fn(input)) as ApiResult<unknown>;
  };
}

function httpTransport(token: string | null): Transport {
  return async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
        body: JSON.stringify(input),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'The workstation host is not reachable.' },
      };
    }
    const parsed = ApiEnvelope.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: `Unexpected answer from the host (HTTP ${response.status}).`,
        },
      };
    }
    return parsed.data as ApiResult<unknown>;
  };
}

export function createApi(): Client<WorkstationContract> {
  const transport = window.anpr ? bridgeTransport(window.anpr) : httpTransport(takeLaunchToken());
  return createClient(contract, transport);
}

export const api = createApi();
export type Api = typeof api;

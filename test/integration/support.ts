import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { configFromEnv } from '../../main/core/config.ts';
import {
  createWorkstation,
  type Workstation,
  type WorkstationDeps,
} from '../../main/core/workstation.ts';
import { completeAuthorization } from '../../platform/testing/browser-login.ts';
import type { TestClock } from '../../platform/testing/platform.ts';
import type { DemoAccount } from '../../platform/identity/index.ts';

/** A workstation against a test platform, with its own temp data dir. */
export function makeWorkstation(
  platformUrl: string,
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    deps?: WorkstationDeps;
    clock?: () => Date;
  } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'anpr-ws-'));
  const config = configFromEnv(
    { ANPR_PLATFORM_URL: platformUrl, ANPR_DATA_DIR: dataDir, ...options.env },
    'test',
  );
  return { ws: createWorkstation(config, { clock: options.clock, ...options.deps }), dataDir };
}

export async function call<T = unknown>(
  ws: Workstation,
  name: keyof Workstation['handlers'],
  input: unknown = {},
): Promise<T> {
  const handler = ws.handlers[name] as (i: unknown, c: unknown) => Promise<T>;
  return handler(input, { transport: 'browser' });
}

/** Signs an officer in through the workstation's real loopback flow; a fresh TOTP step each time. */
export async function signIn(ws: Workstation, account: DemoAccount, platformClock: TestClock) {
  const started = await call<{ authorizationUrl: string }>(ws, 'session.beginSignIn');
  platformClock.advance(30_000);
  const result = await completeAuthorization({
    authorizationUrl: started.authorizationUrl,
    ...account,
    at: platformClock(),
  });
  expect(result.status).toBe(200);
  for (let i = 0; i < 100 && ws.session.status().state !== 'active'; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(ws.session.status().state).toBe('active');
}

/** Every file under `dir` that contains `needle` (utf8 or utf16le), for plaintext leak checks. */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        for (const n of needles) {
          if (bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')))
            hits.push(`${p}: ${n}`);
        }
      }
    }
  };
  walk(dir);
  return hits;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformLimits, PolicyId } from '../config.ts';
import type { DemoAccount } from '../identity/index.ts';
import { totpStep } from '../identity/totp.ts';
import type { LogOptions } from '../http/logging.ts';
import {
  buildPlatform,
  type Platform,
  type PlatformContext,
  type PlatformRoutes,
} from '../server.ts';
import { loginHeadless, type LoginTokens } from './login.ts';

/**
 * The instant every test world is anchored at, never the date the suite runs
 * on: a seeded world that ends "now" draws different random trips on every
 * calendar day, so an expectation that held yesterday fails today.
 * `ANPR_TEST_NOW` (an ISO instant) moves the whole suite to another day; CI
 * uses it to run on the European clock-change days as well.
 */
export const DEFAULT_TEST_NOW = '2026-11-18T10:17:00.000Z';

export function testNow(env: Record<string, string | undefined> = process.env): Date {
  const raw = env.ANPR_TEST_NOW?.trim() || DEFAULT_TEST_NOW;
  const at = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(at.getTime()))
    throw new Error(
      `ANPR_TEST_NOW must be an ISO instant such as ${DEFAULT_TEST_NOW}, not "${raw}".`,
    );
  return at;
}

/**
 * The anchored instant plus the real time elapsed since the clock was made,
 * plus whatever the test moves it by (lock-outs, retention windows). Real
 * elapsed time keeps timers, TOTP steps and token lifetimes consistent with
 * the libraries that read their own clock for short intervals.
 */
export interface TestClock {
  (): Date;
  advance(ms: number): void;
  set(date: Date): void;
}

export function testClock(start: Date = testNow()): TestClock {
  let offset = start.getTime() - Date.now();
  const clock = (() => new Date(Date.now() + offset)) as TestClock;
  clock.advance = (ms) => {
    offset += ms;
  };
  clock.set = (date) => {
    offset = date.getTime() - Date.now();
  };
  return clock;
}

export interface TestPlatformOptions {
  policy?: PolicyId;
  /** Default: a TestClock anchored at testNow(). */
  clock?: () => Date;
  routes?: PlatformRoutes[];
  limits?: Partial<PlatformLimits>;
  logger?: boolean | LogOptions;
}

export interface TestPlatform {
  url: string;
  issuer: string;
  close(): Promise<void>;
  /** Demo officers by username (detective1, detective2, prosecutor1, supervisor1, commissioner1, admin1, abuser1). */
  accounts: Record<string, DemoAccount>;
  ctx: PlatformContext;
  platform: Platform;
  clock: TestClock | (() => Date);
  /**
   * Signs a demo officer in through the real flow. A TOTP code is accepted
   * once; when the same officer signs in twice within one 30 s step, a
   * TestClock is moved to the next step (as if the officer waited for the
   * next code), so tests never sleep.
   */
  login(username: string): Promise<LoginTokens>;
}

function isTestClock(clock: TestClock | (() => Date)): clock is TestClock {
  return typeof (clock as Partial<TestClock>).advance === 'function';
}

// A lower scrypt cost keeps seven demo accounts quick to create in every test.
const TEST_SCRYPT_LOG2N = 14;

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-platform-test-'));
  const clock = options.clock ?? testClock();
  let platform: Platform;
  try {
    platform = await buildPlatform({
      dataDir,
      policy: options.policy ?? 'be',
      clock,
      seedAccounts: true,
      logger: options.logger ?? false,
      identity: { scryptLog2N: TEST_SCRYPT_LOG2N },
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const accounts = Object.fromEntries(
    (platform.ctx.demoAccounts ?? []).map((a) => [a.username, a]),
  );
  const lastStep = new Map<string, number>();

  return {
    url: platform.url,
    issuer: platform.issuer,
    accounts,
    ctx: platform.ctx,
    platform,
    clock,
    async login(username) {
      const account = accounts[username];
      if (!account) throw new Error(`No demo account ${username}.`);
      const used = lastStep.get(username);
      if (used !== undefined && totpStep(clock()) <= used) {
        if (!isTestClock(clock)) throw new Error('Signing in twice within 30 s needs a TestClock.');
        clock.advance((used + 1) * 30_000 - clock().getTime());
      }
      const at = clock();
      const tokens = await loginHeadless({
        issuer: platform.issuer,
        username,
        password: account.password,
        totpSecret: account.totpSecret,
        totpTime: at,
      });
      lastStep.set(username, totpStep(at));
      return tokens;
    },
    async close() {
      try {
        await platform.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

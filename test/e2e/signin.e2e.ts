import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { totpCode } from '../../platform/identity/totp.ts';
import {
  startTestPlatform,
  type TestClock,
  type TestPlatform,
} from '../../platform/testing/platform.ts';
import { launchChromium } from './browser.ts';

/**
 * Sign-in as an officer does it: the workstation opens the platform's sign-in
 * page in the same browser, the officer types password and TOTP code, the
 * page hands back to the workstation through the loopback redirect.
 */
let tp: TestPlatform;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'test-results');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  tp = await startTestPlatform({});
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: tp.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-')),
      ANPR_LOCALE: 'en',
    },
    // The workstation shares the platform's (anchored) clock: on its own clock it
    // would rightly refuse a platform whose time is days away.
    clock: tp.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await tp?.close();
});

async function signInAs(username: string) {
  const account = tp.accounts[username]!;
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId('sign-in').click(),
  ]);
  await popup.getByLabel(/username/i).fill(account.username);
  await popup.getByLabel(/password/i).fill(account.password);
  (tp.clock as TestClock).advance(30_000); // a fresh TOTP step per sign-in
  await popup.getByLabel(/code/i).fill(await totpCode(account.totpSecret, tp.clock()));
  await popup.getByRole('button', { name: /sign in/i }).click();
  await popup.getByTestId('signin-result').waitFor();
  expect(await popup.getByTestId('signin-result').textContent()).toBe('Signed in');
  await popup.close();
}

describe('sign-in in Chromium against the reference platform', () => {
  it('signs in with password + TOTP and shows the officer and the workspace', async () => {
    await page.goto(shell.host.launchUrl);
    await signInAs('detective1');
    await page.getByTestId('officer-name').waitFor();
    expect(await page.getByTestId('officer-name').textContent()).toBe(
      tp.accounts.detective1!.displayName,
    );
    // detective1 also holds the supervisor role: the workspace switcher shows both.
    expect(await page.getByTestId('role-select').inputValue()).toBe('detective');
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    await page.screenshot({ path: join(shots, 'signed-in.png') });
  });

  it('locks on request and needs a new sign-in to continue', async () => {
    await page.getByTestId('lock').click();
    await page.getByTestId('locked-notice').waitFor();
    expect(await page.getByTestId('officer-name').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'locked.png') });
    await signInAs('detective1');
    await page.getByTestId('officer-name').waitFor();
  });

  it('signs out', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByRole('heading', { name: 'Sign in to the ANPR platform' }).waitFor();
  });

  it('lets another officer sign in at the same workstation and browser', async () => {
    await signInAs('detective2');
    await page.getByTestId('officer-name').waitFor();
    expect(await page.getByTestId('officer-name').textContent()).toBe(
      tp.accounts.detective2!.displayName,
    );
  });
});

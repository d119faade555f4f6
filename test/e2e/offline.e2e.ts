import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * An offline shift in Chromium (#15): the officer sets an offline PIN after
 * signing in, the platform goes away, the sign-in screen offers the offline
 * unlock, and the top bar shows until when and how long the officer can work.
 */
let t: TestReference;
let platformUp = true;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'test-results');
const PIN = 'harbour-night-7';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-offline-')),
      ANPR_LOCALE: 'en',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (platformUp) await t?.close();
});

describe('an offline shift in Chromium', () => {
  it('sets the offline PIN after sign-in, then unlocks offline when the platform is gone', async () => {
    await page.goto(shell.host.launchUrl);
    await signInThroughPopup(page, t, 'detective1');

    // The grant arrives just after sign-in; the officer then chooses a PIN.
    await page.getByTestId('offline-set-up').click();
    await page.getByTestId('offline-pin').fill(PIN);
    await page.getByTestId('offline-pin-again').fill(PIN);
    await page.screenshot({ path: join(shots, 'offline-pin.png') });
    await page.getByTestId('offline-pin-save').click();
    await page.getByTestId('offline-ready').waitFor();
    expect(await page.getByTestId('offline-ready').textContent()).toBe('Offline ready');

    // The officer locks and leaves; the platform is gone when they come back.
    await page.getByTestId('lock').click();
    await page.getByTestId('locked-notice').waitFor();
    platformUp = false;
    await t.close();

    await page.getByTestId('sign-in').click();
    await page.getByTestId('offline-unlock').waitFor();
    expect(await page.getByTestId('signin-error').textContent()).toMatch(/not reachable/);
    await page.getByTestId('offline-unlock-pin').fill(PIN);
    await page.screenshot({ path: join(shots, 'offline-unlock.png') });
    await page.getByTestId('offline-unlock-submit').click();

    await page.getByTestId('offline-remaining').waitFor();
    // Signed in moments ago with a 12-hour grant: 11 h and some minutes left.
    expect(await page.getByTestId('offline-remaining').textContent()).toMatch(
      /^Offline: 11 h \d+ min left$/,
    );
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    await page.screenshot({ path: join(shots, 'offline-working.png') });
  });
});

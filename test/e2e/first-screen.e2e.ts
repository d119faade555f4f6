import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { launchChromium } from './browser.ts';

let browser: Browser;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let page: Page;
const shots = join(process.cwd(), 'test-results');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-e2e-'));
  shell = await runBrowserShell({
    env: { ...process.env, ANPR_DATA_DIR: dataDir, ANPR_LOCALE: 'en' },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

describe('first screen in Chromium through the browser shell', () => {
  it('shows the sign-in screen with the platform and the rules in force', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(shell.host.launchUrl);
    await page.getByRole('heading', { name: 'Sign in to the ANPR platform' }).waitFor();
    await page.getByText('Belgium (be)').waitFor();
    await page.getByText('Browser shell', { exact: false }).first().waitFor();
    // The launch secret leaves the address bar as soon as the app has it.
    expect(page.url()).not.toContain('launch=');
    await page.screenshot({ path: join(shots, 'first-screen.png') });
    expect(errors).toEqual([]);
  });

  it('switches language and theme, and reaches the sign-in button by keyboard', async () => {
    await page.getByTestId('locale-select').selectOption('fr');
    await page.getByRole('heading', { name: 'Se connecter à la plateforme ANPR' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByTestId('theme-select').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    // The choice is kept by the workstation, not only in the page.
    await page.reload();
    await page.getByRole('heading', { name: 'Se connecter à la plateforme ANPR' }).waitFor();
    let focused = '';
    for (let i = 0; i < 8 && focused !== 'sign-in'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') ?? '',
      );
    }
    expect(focused).toBe('sign-in');
  });

  it('does not answer API calls without the launch token, even from its own page', async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/app.info', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return res.status;
    });
    expect(status).toBe(401);
  });
});

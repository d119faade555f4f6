import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PMTILES_PATH } from '../../common/settings.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { buildPmtiles } from '../../scripts/build-pmtiles.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * The officer's settings, as an officer uses them: the map background
 * switches from the shipped offline map to an agency tile server and back,
 * and the window's CSP admits that server only while it is the chosen one;
 * a malformed tile URL is refused at the field. The tile server here is a
 * local HTTP server that counts requests and serves one magenta tile.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
let tiles: Server;
let tileOrigin: string;
const tileRequests: string[] = [];
const foreignRequests: string[] = [];
const errors: string[] = [];
const shots = join(process.cwd(), 'test-results');
const docs = join(process.cwd(), 'docs/screenshots');

/** A 256×256 opaque PNG of one colour (a real PNG: signature, IHDR, IDAT, IEND). */
function solidPng(r: number, g: number, b: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(new Array<Buffer>(256).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  const tile = solidPng(255, 0, 255);
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': tile.length });
    res.end(tile);
  });
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  // "localhost", not 127.0.0.1: a different origin from the workstation's own host.
  tileOrigin = `http://localhost:${(tiles.address() as AddressInfo).port}`;
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-settings-')),
      ANPR_LOCALE: 'en',
      ANPR_TILE_URL: '',
      ANPR_PMTILES: '',
      ANPR_TIME_ZONE: '',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== shell.host.origin && u.origin !== tileOrigin && u.protocol !== 'data:')
      foreignRequests.push(r.url());
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
  await new Promise((resolve) => tiles?.close(resolve));
});

const signIn = (username: string) => signInThroughPopup(page, t, username);

async function openCaseMap() {
  await page.getByTestId(`case-${t.groundTruth.convoy.caseId}`).click();
  await page.getByTestId('case-workspace').waitFor();
  await page.locator('[data-testid="case-map"] .leaflet-container').waitFor();
}

/** Tiles of the tile pane that finished loading with real pixels. */
function loadedTiles(p: Page): Promise<number> {
  return p.evaluate(
    () =>
      [...document.querySelectorAll<HTMLImageElement>('.leaflet-tile-pane img')].filter(
        (img) => img.complete && img.naturalWidth === 256,
      ).length,
  );
}

async function cspOfPage(p: Page): Promise<string> {
  const res = await p.request.get(shell.host.origin + '/');
  return res.headers()['content-security-policy'] ?? '';
}

describe('settings: the map background and the CSP follow the officer’s choice', () => {
  it('starts offline: no tile server in the CSP, no tile requested', async () => {
    await page.goto(shell.host.launchUrl);
    await signIn('detective1');
    await openCaseMap();
    expect(await cspOfPage(page)).not.toContain('localhost');
    await page.waitForTimeout(500);
    expect(tileRequests).toEqual([]);
  });

  it('refuses a tile URL without {z}/{x}/{y} at the field', async () => {
    await page.getByTestId('open-settings').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('settings-dialog');
    await dialog.waitFor();
    await page.getByTestId('settings-basemap-tiles').check();
    await page.getByTestId('settings-tile-url').fill(`${tileOrigin}/tiles.png`);
    await expect.poll(() => dialog.locator('.field-error').textContent()).toContain('{z}');
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
  });

  it('a tile server, once saved, reloads the window and draws; its origin enters the CSP', async () => {
    await page.getByTestId('settings-tile-url').fill(`${tileOrigin}/osm/{z}/{x}/{y}.png`);
    await page.getByTestId('settings-tile-attribution').fill('© Test Agency');
    await page.getByTestId('settings-reload-note').waitFor();
    await page.screenshot({ path: join(docs, 'settings.png') });
    await Promise.all([page.waitForEvent('load'), page.getByTestId('settings-save').click()]);
    // The session survived the reload (it lives in the workstation, not the page).
    await page.getByTestId('officer-name').waitFor();
    expect(await cspOfPage(page)).toContain(`img-src 'self' data: blob: ${tileOrigin}`);
    await openCaseMap();
    await expect.poll(() => loadedTiles(page), { timeout: 90_000 }).toBeGreaterThan(0);
    expect(tileRequests.every((u) => /^\/osm\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain(
      '© Test Agency',
    );
    await page.screenshot({ path: join(shots, 'settings-tiles-map.png') });
  });

  it('back to offline: the tile server leaves the CSP and gets no further request', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-basemap-offline').check();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('settings-save').click()]);
    await page.getByTestId('officer-name').waitFor();
    expect(await cspOfPage(page)).not.toContain('localhost');
    const before = tileRequests.length;
    await openCaseMap();
    await page.waitForTimeout(800);
    expect(tileRequests.length).toBe(before);
    expect(await loadedTiles(page)).toBe(0);
  });

  it('a local PMTiles file: a wrong path is refused, the right one draws from the app’s own origin', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'anpr-e2e-pmtiles-')), 'belgium.pmtiles');
    buildPmtiles(file);
    const tilesBefore = tileRequests.length;
    const ranges: Array<{ status: number; range: string | undefined }> = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === LOCAL_PMTILES_PATH)
        ranges.push({ status: r.status(), range: r.request().headers().range });
    });
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-basemap-pmtiles').check();
    await page.getByTestId('settings-pmtiles-path').fill(file + '.missing');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => page.getByTestId('settings-error').textContent())
      .toContain('No file at');

    await page.getByTestId('settings-pmtiles-path').fill(file);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('settings-save').click()]);
    await page.getByTestId('officer-name').waitFor();
    // Same origin: nothing is added to the CSP.
    expect(await cspOfPage(page)).toContain("connect-src 'self';");
    await openCaseMap();
    await expect
      .poll(() => page.locator('.anpr-pmtiles canvas, canvas.anpr-pmtiles').count(), {
        timeout: 90_000,
      })
      .toBeGreaterThan(0);
    await expect.poll(() => ranges.length, { timeout: 90_000 }).toBeGreaterThan(1);
    // The map reads the file by ranges, never whole.
    expect(ranges.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(
      true,
    );
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(docs, 'map-pmtiles.png') });
    // The agency tile server chosen earlier is not contacted any more.
    expect(tileRequests.length).toBe(tilesBefore);
  });

  it('times follow the chosen zone at once, without a reload', async () => {
    await expect.poll(() => page.getByText('Time (Brussels)').count()).toBeGreaterThan(0);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-zone').selectOption('America/New_York');
    expect(await page.getByTestId('settings-reload-note').count()).toBe(0);
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText('Time (New York)').count()).toBeGreaterThan(0);
    expect(await page.getByText('Time (Brussels)').count()).toBe(0);
    // Kept for the next start.
    const saved = await page.evaluate(async () => {
      const token = sessionStorage.getItem('anpr.launch');
      const res = await fetch('/api/settings.get', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: '{}',
      });
      return ((await res.json()) as { value: { timeZone: string } }).value.timeZone;
    });
    expect(saved).toBe('America/New_York');
  });

  it('re-encrypts the local data under new keys on demand, and says what it re-encrypted', async () => {
    await page.getByTestId('open-settings').click();
    const keys = page.getByTestId('settings-keys');
    await keys.waitFor();
    expect(await keys.textContent()).toContain('the old keys');
    await page.getByTestId('settings-rotate-keys').click();
    const done = page.getByTestId('settings-keys-done');
    await done.waitFor();
    // No case was pulled in this run: the workstation database is what there is.
    expect(await done.textContent()).toMatch(/^Re-encrypted at .*: the workstation database\.$/);
    expect(await page.getByTestId('settings-keys-failed').count()).toBe(0);
    await page
      .getByTestId('settings-dialog')
      .screenshot({ path: join(shots, 'settings-keys.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });
  });

  it('made no request to any other origin and violated no CSP', () => {
    expect(foreignRequests).toEqual([]);
    expect(errors).toEqual([]);
  });
});

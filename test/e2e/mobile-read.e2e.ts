import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { UnitStore } from '../../platform/ingest/units.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * A read from a vehicle-mounted unit, delivered through the ingest API at a
 * place where no camera stands (Copenhagen), drawn on the detective's map
 * where it was taken. The same plate was also read by a fixed Belgian
 * camera; the two dots on the map must lie in the direction and at the
 * distance ratio Web Mercator gives for their own coordinates, and the
 * Danish dot is the van's read (its tooltip names the unit).
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'test-results');
const errors: string[] = [];

const PLATE_RAW = 'XY 12 345';
const PLATE = 'XY12345';
const VAN = { id: 'DK-VAN-E2E', lat: 55.6761, lon: 12.5683 };
let camera: { id: string; lat: number; lon: number };

async function ingest(token: string, record: Record<string, unknown>) {
  const res = await fetch(`${t.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
    body: JSON.stringify(record) + '\n',
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { accepted: number }).accepted).toBe(1);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  const units = new UnitStore(t.ref.platform.ctx.db, t.clock);
  const cameras = await t.ref.store.listCameras();
  const cam = cameras.find((c) => c.unitType === 'fixed')!;
  camera = { id: cam.id, lat: cam.lat, lon: cam.lon };
  const van = units.create(
    { id: VAN.id, unitType: 'mobile-manned', operator: 'federal', source: 'NordCam' },
    'e2e',
  );
  const pole = units.create({ id: cam.id, unitType: 'fixed', source: 'SeedCam' }, 'e2e');
  const now = t.clock().getTime();
  const base = { plateRaw: PLATE_RAW, country: 'DK', confidence: 0.92 };
  await ingest(pole.token, {
    ...base,
    id: randomUUID(),
    capturedAt: new Date(now - 3 * 86_400_000).toISOString(),
    lat: cam.lat,
    lon: cam.lon,
  });
  await ingest(van.token, {
    ...base,
    id: randomUUID(),
    capturedAt: new Date(now - 2 * 86_400_000).toISOString(),
    lat: VAN.lat,
    lon: VAN.lon,
    heading: 135,
    unitSpeedKmh: 38,
  });

  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-mobile-')),
      ANPR_LOCALE: 'en',
      ANPR_TILE_URL: '',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
});

const signIn = (username: string) => signInThroughPopup(page, t, username);

interface Dot {
  /** Centre in CSS pixels relative to the map container. */
  x: number;
  y: number;
  pixels: number;
}

/** Opaque blobs on the sightings canvas, in CSS pixels of the map container. */
function findDots(p: Page): Promise<Dot[]> {
  return p.evaluate(() => {
    const container = document.querySelector('[data-testid="case-map"] .leaflet-container');
    const canvases = [
      ...document.querySelectorAll<HTMLCanvasElement>('.leaflet-anpr-sightings-pane canvas'),
    ];
    if (!container || canvases.length === 0) return [];
    const box = container.getBoundingClientRect();
    const dots: Array<{ x: number; y: number; pixels: number }> = [];
    for (const canvas of canvases) {
      const rect = canvas.getBoundingClientRect();
      if (rect.width === 0) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const { width: w, height: h } = canvas;
      const data = ctx.getImageData(0, 0, w, h).data;
      const seen = new Uint8Array(w * h);
      for (let i = 0; i < w * h; i++) {
        if (seen[i] || data[4 * i + 3]! < 128) continue;
        // Flood fill one blob.
        const stack = [i];
        seen[i] = 1;
        let n = 0;
        let sx = 0;
        let sy = 0;
        while (stack.length) {
          const j = stack.pop()!;
          const x = j % w;
          const y = (j - x) / w;
          n++;
          sx += x;
          sy += y;
          for (const k of [j - 1, j + 1, j - w, j + w]) {
            if (k < 0 || k >= w * h || seen[k]) continue;
            if (Math.abs((k % w) - x) > 1) continue;
            if (data[4 * k + 3]! < 128) continue;
            seen[k] = 1;
            stack.push(k);
          }
        }
        const sxScale = rect.width / w;
        const syScale = rect.height / h;
        dots.push({
          x: rect.left - box.left + (sx / n + 0.5) * sxScale,
          y: rect.top - box.top + (sy / n + 0.5) * syScale,
          pixels: n,
        });
      }
    }
    return dots.filter((d) => d.pixels >= 12);
  });
}

const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const mercX = (lon: number) => (lon * Math.PI) / 180;

describe('a mobile unit’s read on the detective map', () => {
  it('is drawn where the van took it, not at a camera', async () => {
    const caseId = t.groundTruth.convoy.caseId;
    await page.goto(shell.host.launchUrl);
    await signIn('detective1');
    await page.getByTestId(`case-${caseId}`).click();
    await page.getByTestId('case-workspace').waitFor();

    await page.getByTestId('add-data').click();
    await page.getByTestId('pull-form').waitFor();
    await page.getByTestId('pull-plates').fill(PLATE);
    await page.getByTestId('pull-offence').selectOption('be-vehicle');
    await page
      .getByTestId('pull-justification')
      .fill('Plate reported by the Danish liaison; reconstruct its movements.');
    await page.getByTestId('pull-submit').click();
    await page.locator('[data-testid="pull"][data-state="done"]').first().waitFor();

    await expect.poll(async () => (await findDots(page)).length, { timeout: 90_000 }).toBe(2);
    const dots = await findDots(page);
    // The Danish read lies north-east of the Belgian camera's.
    const [be, dk] = [...dots].sort((a, b) => a.x - b.x) as [Dot, Dot];
    expect(dk.y).toBeLessThan(be.y);

    // Direction and distance ratio of the two dots match their own coordinates in Web Mercator.
    const dx = mercX(VAN.lon) - mercX(camera.lon);
    const dy = mercY(VAN.lat) - mercY(camera.lat);
    const px = dk.x - be.x;
    const py = be.y - dk.y;
    const angle = (a: number, b: number) => (Math.atan2(b, a) * 180) / Math.PI;
    expect(Math.abs(angle(px, py) - angle(dx, dy))).toBeLessThan(1.5);
    expect(px / dx).toBeCloseTo(py / dy, -1);
    expect(Math.abs(px / dx - py / dy) / (px / dx)).toBeLessThan(0.03);

    // The dot in Denmark is the van's read.
    const map = page.locator('[data-testid="case-map"] .leaflet-container');
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + dk.x, box.y + dk.y);
    const tip = page.locator('.anpr-map-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain(VAN.id);
    await page.screenshot({ path: join(shots, 'mobile-read-map.png') });
    expect(errors).toEqual([]);
  });
});

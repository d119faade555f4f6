import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import {
  fromZoneInputThrough,
  toZoneInput,
  toZoneInputSeconds,
} from '../../renderer/src/zone-input.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * The detective's workspace in Chromium against the reference platform: pull
 * a case's reads, see the target's route on the map, run convoy and
 * impossible-journey analyses and get the planted ground truth, open a masked
 * companion, export evidence whose manifest hashes match, and find every
 * query and the disclosure in the audit chain. Screenshots of the main
 * screens (light and dark) go to docs/screenshots.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'docs', 'screenshots');
const errors: string[] = [];
let dataDir: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: (dataDir = mkdtempSync(join(tmpdir(), 'anpr-e2e-detective-'))),
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
  // The exports are plaintext: never leave them behind in /tmp.
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (username: string) => signInThroughPopup(page, t, username);

const JUSTIFICATION = 'Reconstruct the route of the suspect vehicle in the trafficking case.';

async function pull(fill: () => Promise<void>) {
  const done = page.locator('[data-testid="pull"][data-state="done"]');
  const before = await done.count();
  await page.getByTestId('add-data').click();
  await page.getByTestId('pull-form').waitFor();
  await fill();
  await page.getByTestId('pull-offence').selectOption('be-property');
  await page.getByTestId('pull-justification').fill(JUSTIFICATION);
  await page.getByTestId('pull-submit').click();
  // This pull, not an earlier one, must be done.
  await expect.poll(() => done.count(), { timeout: 90_000 }).toBe(before + 1);
}

async function runAnalysis(kind: string, justification: string, fill?: () => Promise<void>) {
  await page.getByTestId('tab-analyses').click();
  await page.getByTestId('analysis-kind').selectOption(kind);
  await fill?.();
  await page.getByTestId('analysis-offence').selectOption('be-property');
  await page.getByTestId('analysis-justification').fill(justification);
  await page.getByTestId('analysis-run').click();
  const result = page.locator(`[data-testid="analysis-result"][data-kind="${kind}"]`);
  const error = page.getByTestId('analysis-error');
  await result
    .or(error)
    .first()
    .waitFor()
    .catch(async (e: unknown) => {
      await page.screenshot({ path: join(process.cwd(), 'test-results', `analysis-${kind}.png`) });
      throw e;
    });
  if (await error.isVisible()) throw new Error(`analysis refused: ${await error.textContent()}`);
}

async function shot(name: string) {
  // Canvas layers draw on the next frames; let them settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function setTheme(theme: 'light' | 'dark') {
  await page.getByTestId('theme-select').selectOption(theme);
  await page.waitForFunction((v) => document.documentElement.dataset.theme === v, theme);
}

const HOUR = 3_600_000;
const norm = (plate: string) => plate.replace(/[\s-]/g, '').toUpperCase();

interface Place {
  lat: number;
  lon: number;
}

/** A map layer's own canvas (not the layers under or over it), by its pane (map/panes.ts). */
const layerCanvas = (pane: string) => page.locator(`.case-map .leaflet-${pane}-pane canvas`);

/**
 * Where places fall on a layer's canvas, projected here in Web Mercator from
 * the view the layer last drew with (its data-zoom/ox/oy), and whether the
 * canvas holds a pixel of `colour` within `radius` CSS pixels of each.
 */
async function colourAt(pane: string, places: Place[], colour: string, radius: number) {
  return layerCanvas(pane).evaluate(
    (canvas: HTMLCanvasElement, [places, colour, radius]) => {
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = colour;
      probe.fillRect(0, 0, 1, 1);
      const [cr, cg, cb] = probe.getImageData(0, 0, 1, 1).data;
      const ratio = canvas.width / parseFloat(canvas.style.width);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const scale = 256 * 2 ** Number(canvas.dataset.zoom);
      const ox = Number(canvas.dataset.ox);
      const oy = Number(canvas.dataset.oy);
      // Unpremultiplied channels of faint pixels are rounded coarsely: a loose match.
      const matches = (i: number) =>
        data[i + 3]! >= 16 &&
        Math.abs(data[i]! - cr!) <= 12 &&
        Math.abs(data[i + 1]! - cg!) <= 12 &&
        Math.abs(data[i + 2]! - cb!) <= 12;
      return places.map((p) => {
        const x = (0.5 + p.lon / 360) * scale - ox;
        const φ = (p.lat * Math.PI) / 180;
        const y = (0.5 - Math.log(Math.tan(Math.PI / 4 + φ / 2)) / (2 * Math.PI)) * scale - oy;
        let hit = false;
        for (let dy = -radius; dy <= radius && !hit; dy++)
          for (let dx = -radius; dx <= radius && !hit; dx++) {
            if (dx * dx + dy * dy > radius * radius) continue;
            const px = Math.round((x + dx) * ratio);
            const py = Math.round((y + dy) * ratio);
            if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) continue;
            hit = matches(4 * (py * canvas.width + px));
          }
        return { x, y, hit };
      });
    },
    [places, colour, radius] as const,
  );
}

/** The colour the legend gives an entry (`attr` of its symbol's `shape`), found by its label. */
async function legendColour(label: (text: string) => boolean, shape: string, attr: string) {
  const items = page.locator('.anpr-legend li');
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    if (!label((await item.textContent()) ?? '')) continue;
    return (await item.locator(`svg ${shape}[${attr}]`).first().getAttribute(attr))!;
  }
  throw new Error('no such legend entry');
}

describe('detective workspace in Chromium', () => {
  it('pulls the convoy case, shows the target route, and finds the planted convoy', async () => {
    const truth = t.groundTruth.convoy;
    await page.goto(shell.host.launchUrl);
    await signIn('detective1');
    await setTheme('light');
    await page.getByTestId(`case-${truth.caseId}`).click();
    await page.getByTestId('case-workspace').waitFor();

    await pull(async () => page.getByTestId('pull-plates').fill(truth.target.plate));
    await expect
      .poll(async () => page.locator('.case-bar-stats dd').first().textContent(), {
        timeout: 90_000,
      })
      .not.toBe('0');
    // The target's route is on the map: the route canvas has pixels in the colour
    // the legend gives the target's plate at every camera where the target was
    // read with its follower (planted) in the period pulled (as logged), projected here.
    await page.getByTestId('tab-analyses').click();
    await page.locator('[data-testid="read-row"]').first().waitFor();
    const routeColour = await legendColour(
      (text) => norm(text) === truth.target.plate,
      'line',
      'stroke',
    );
    const logged = (await shell.workstation.stores.host.workstation().auditEntries(0, 10_000))
      .map((e) => JSON.parse(e.body) as { action: string; parameters: unknown })
      .find((b) => b.action === 'case.pull')!.parameters as {
      query: { range: { from: string; to: string } };
    };
    const pulledFrom = Date.parse(logged.query.range.from);
    const pulledTo = Date.parse(logged.query.range.to);
    const cameras = new Map((await t.ref.store.listCameras()).map((c) => [c.id, c]));
    const pulledCo = truth.coSightings.filter(
      (s) => Date.parse(s.targetAt) >= pulledFrom && Date.parse(s.targetAt) <= pulledTo,
    );
    const targetPlaces = pulledCo.map((s) => cameras.get(s.cameraId)!);
    expect(new Set(targetPlaces).size).toBeGreaterThan(1);
    // (Missed places, with where they fell on the canvas.)
    await expect
      .poll(
        async () =>
          (await colourAt('anpr-routes', targetPlaces, routeColour, 4)).filter((p) => !p.hit),
        { timeout: 90_000 },
      )
      .toEqual([]);
    // Not a canvas painted all over: its corner, in the margin beyond the framed route, is empty.
    const corner = await layerCanvas('anpr-routes').evaluate(
      (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(4, 4, 1, 1).data[3],
    );
    expect(corner).toBe(0);

    // The analysis form's default period is the whole case, to the second: run
    // as it opens, it holds every read of the target, the last one included
    // (a minute-precision To once cut it off, 22:22:18 excluded by 22:22).
    const held = await (
      await shell.workstation.stores.open(truth.caseId)
    ).readsByPlate({ plate: truth.target.plate });
    const targetLast = Math.max(...held.map((r) => Date.parse(r.capturedAt)));
    await page.getByTestId('tab-analyses').click();
    await page.getByTestId('analysis-kind').selectOption('locate');
    const zone = shell.workstation.settings.get().timeZone;
    // (Polled: the case's summary follows the pull's end by one case-list refresh.)
    const shownTo = async () => {
      const value = await page.getByTestId('analysis-to').inputValue();
      return Date.parse(fromZoneInputThrough(value, 'second', zone) ?? '') - targetLast;
    };
    await expect.poll(shownTo, { timeout: 90_000 }).toBeGreaterThanOrEqual(0);
    expect(await shownTo()).toBeLessThan(1_000);
    await runAnalysis('locate', 'Where the suspect BMW is usually seen, over the whole case.');
    const located = (await shell.workstation.stores.host.workstation().auditEntries(0, 10_000))
      .map((e) => JSON.parse(e.body) as { action: string; resultCount: number | null })
      .filter((b) => b.action === 'analysis.locate')
      .at(-1)!;
    expect(located.resultCount).toBe(held.length);
    await page.getByTestId('analysis-change').click();

    // The companions' reads: all reads of the cameras the target passed.
    await pull(async () => {
      await page.getByTestId('pull-kind-cameras').check();
      await page.getByTestId('pull-suggested-cameras').click();
    });

    await runAnalysis(
      'convoy',
      'Identify vehicles travelling with the suspect BMW on the trafficking route.',
    );
    const first = page.locator('[data-testid="result-row"]').first();
    await expect.poll(() => first.textContent(), { timeout: 90_000 }).toContain('•');
    await shot('convoy-result');
    await setTheme('dark');
    await shot('convoy-result-dark');
    await setTheme('light');

    // Opening the masked companion is logged; it is the planted follower.
    await first.getByTestId('reveal-plate').click();
    await page.getByTestId('notice').waitFor();
    expect(norm((await first.locator('.plate').first().textContent()) ?? '')).toBe(
      truth.follower.plate,
    );
    // Coverage gaps: the cameras drawn as down are those the platform records an
    // outage for in the period the layer shows, the legend counts them all.
    const gapCanvas = layerCanvas('anpr-gaps');
    const [w0, w1] = ((await gapCanvas.getAttribute('data-window')) ?? '/')
      .split('/')
      .map(Date.parse);
    expect(w1! - w0!).toBeGreaterThan(0);
    // The period is the case's: it holds the planted convoy reads pulled.
    for (const s of pulledCo) {
      expect(Date.parse(s.targetAt)).toBeGreaterThanOrEqual(w0!);
      expect(Date.parse(s.targetAt)).toBeLessThanOrEqual(w1!);
    }
    const down = [...cameras.values()].filter((c) =>
      c.outages.some((o) => Date.parse(o.from) < w1! && w0! < Date.parse(o.to)),
    );
    const gapLegend = await page
      .locator('.anpr-legend li', { hasText: 'No coverage during the period' })
      .textContent();
    expect(Number(/\((\d+)\)/.exec(gapLegend ?? '')?.[1])).toBe(down.length);
    const gapColour = await legendColour(
      (text) => text.startsWith('No coverage'),
      'circle',
      'fill',
    );
    const drawn = ((await gapCanvas.getAttribute('data-cameras')) ?? '').split(' ').filter(Boolean);
    const size = await gapCanvas.evaluate((c: HTMLCanvasElement) => ({
      width: parseFloat(c.style.width),
      height: parseFloat(c.style.height),
    }));
    const placed = await colourAt('anpr-gaps', down, gapColour, 1);
    const onCanvas = down.filter((_, i) => {
      const { x, y } = placed[i]!;
      return x >= 0 && y >= 0 && x <= size.width && y <= size.height;
    });
    // Far off the canvas (more than the largest halo), nothing is drawn.
    const offCanvas = down.filter((_, i) => {
      const { x, y } = placed[i]!;
      return x < -100 || y < -100 || x > size.width + 100 || y > size.height + 100;
    });
    expect(onCanvas.length).toBeGreaterThan(0); // the seeded outages reach the framed route
    expect(drawn.every((id) => down.some((c) => c.id === id))).toBe(true);
    expect(drawn).toEqual(expect.arrayContaining(onCanvas.map((c) => c.id)));
    expect(drawn.filter((id) => offCanvas.some((c) => c.id === id))).toEqual([]);
    // Each is a halo in the gap colour at the camera (once redrawn in the light theme).
    await expect
      .poll(
        async () => (await colourAt('anpr-gaps', onCanvas, gapColour, 1)).filter((p) => !p.hit),
        { timeout: 90_000 },
      )
      .toEqual([]);
    await shot('map-route-gaps');
    await setTheme('dark');
    await shot('map-route-gaps-dark');
    await setTheme('light');

    // Timeline: a day selected, playback half-way.
    const bars = page.locator('.histogram .bar');
    const counts = await bars.evaluateAll((els) =>
      els.map((e) => Number(/: (\d+)/.exec(e.getAttribute('aria-label') ?? '')?.[1] ?? 0)),
    );
    await bars.nth(counts.indexOf(Math.max(...counts))).click();
    await page.getByTestId('timeline-slider').fill('600');
    await shot('timeline');
    await setTheme('dark');
    await shot('timeline-dark');
    await setTheme('light');
    await page.getByTestId('timeline-slider').fill('1000');
    await page.locator('.histogram .bar.selected').click();
    // Playback draws the route as time advances, then stops at the end.
    const segments = async () =>
      Number(await layerCanvas('anpr-routes').getAttribute('data-segments'));
    // The whole period first: every read of the vehicles on the map (the table's
    // rows), each vehicle's linked in time order (one segment fewer than reads).
    const shownReads =
      Number(await page.getByTestId('reads-grid').getAttribute('aria-rowcount')) - 1;
    const shownVehicles = 1 + Math.min(2, await page.locator('[data-testid="result-row"]').count());
    const full = shownReads - shownVehicles;
    expect(full).toBeGreaterThan(0);
    await expect.poll(segments, { timeout: 90_000 }).toBe(full);
    // Play from just before the last planted trip pulled (out and back, hours
    // apart), slowly (10 min a second): the route grows with the outbound leg
    // and holds for many seconds before the return leg; then fast to the end.
    const slider = page.getByTestId('timeline-slider');
    const playhead = async () =>
      Date.parse((await page.locator('.timeline-now').getAttribute('datetime'))!);
    const periodEnd = await playhead();
    await slider.fill('0');
    await expect.poll(playhead).toBeLessThan(periodEnd);
    const periodStart = await playhead();
    const lastRead = Math.max(...pulledCo.map((s) => Date.parse(s.targetAt)));
    const lastTrip =
      Math.min(
        ...pulledCo.map((s) => Date.parse(s.targetAt)).filter((at) => at > lastRead - 12 * HOUR),
      ) -
      10 * 60_000;
    await slider.fill(
      String(Math.floor(((lastTrip - periodStart) / (periodEnd - periodStart)) * 1000)),
    );
    await expect.poll(playhead).toBeGreaterThan(periodStart);
    expect(await playhead()).toBeLessThanOrEqual(lastTrip);
    await expect.poll(segments, { timeout: 90_000 }).toBeLessThan(full);
    const before = await segments();
    await page.getByTestId('timeline-speed').selectOption('600');
    await page.getByTestId('timeline-play').click();
    await expect.poll(segments, { timeout: 90_000 }).toBeGreaterThan(before);
    const during = await segments();
    expect(during).toBeLessThan(full);
    await page.getByTestId('timeline-speed').selectOption('86400');
    const seen = [before, during];
    await expect
      .poll(
        async () => {
          seen.push(await segments());
          return page.getByTestId('timeline-play').getAttribute('aria-pressed');
        },
        { timeout: 90_000 },
      )
      .toBe('false');
    // Never fewer as time advances, and at the end of the period the whole route.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await expect.poll(segments, { timeout: 90_000 }).toBe(full);
    expect(await page.locator('.timeline-now').textContent()).toBe('Whole period');
    await page.getByTestId('timeline-slider').fill('1000');
    // Density by camera over all the case's reads; the case tab with its pulls.
    await page.getByTestId('layer-density').click();
    await page.getByTestId('tab-case').click();
    await shot('density-case');
    await page.getByTestId('layer-density').click();
    await page.getByTestId('tab-analyses').click();
  });

  it('exports the route with a manifest whose hashes match, and logs the disclosure', async () => {
    const truth = t.groundTruth.convoy;
    await page.getByTestId('export').click();
    await page.getByTestId('export-dialog').waitFor();
    // The recipient comes from the platform's register (seeded): a private
    // entry is listed but cannot be picked, and says why.
    await page.getByTestId('export-recipient-search').fill('allianz');
    const insurer = page.locator(
      '[data-testid="export-recipient"] option[value="be-private-allianz"]',
    );
    await expect.poll(() => insurer.textContent()).toContain('refused: private party');
    expect(await insurer.isDisabled()).toBe(true);
    await page.getByTestId('export-recipient-search').fill('parquet');
    await page.getByTestId('export-recipient').selectOption('be-parquet-anvers');
    await page.getByTestId('export-recipient-details').waitFor();
    await page.getByTestId('export-recipient-search').fill('');
    await page.getByTestId('export-recipient').scrollIntoViewIfNeeded();
    await shot('export-recipient');
    // The period defaults to the whole case, to the second: its last read's second
    // is the To shown (a minute-precision To once dropped that read).
    const store = await shell.workstation.stores.open(truth.caseId);
    const caseLast = (await store.summary()).to!;
    const zone = shell.workstation.settings.get().timeZone;
    await expect
      .poll(() => page.getByTestId('export-to').inputValue())
      .toBe(toZoneInputSeconds(caseLast, zone));
    await page.getByTestId('export-offence').selectOption('be-organised');
    await page
      .getByTestId('export-justification')
      .fill('Route of the suspect vehicle and its companion for the investigating judge.');
    await page.getByTestId('export-submit').click();
    await page.getByTestId('export-done').waitFor();
    const dir = (await page.getByTestId('export-directory').textContent())!;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      files: Array<{ name: string; sha256: string }>;
      reads: number;
    };
    expect(manifest.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['reads.csv', 'reads.geojson', 'reads.kml', 'report.pdf', 'map.jpg']),
    );
    for (const f of manifest.files) {
      const file = join(dir, f.name);
      expect(existsSync(file)).toBe(true);
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(f.sha256);
    }
    const csv = readFileSync(join(dir, 'reads.csv'), 'utf8');
    expect(csv).toContain(truth.target.plate);
    expect(csv).toContain(truth.follower.plate);
    // Every read of the target the case holds is in the file, its last one included.
    const held = await store.readsByPlate({ plate: truth.target.plate });
    const targetLast = held.reduce((a, b) => (a.capturedAt >= b.capturedAt ? a : b));
    expect(csv).toContain(targetLast.id);
    for (const r of held) expect(csv).toContain(r.id);
    await shot('export-done');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('draws a stakeout and finds the planted vehicles at the scene', async () => {
    const truth = t.groundTruth.stakeout;
    await page.getByTestId(`case-${truth.caseId}`).click();
    await page.getByTestId('case-workspace').waitFor();
    await pull(async () => {
      await page.getByTestId('pull-kind-area').check();
      await page.getByTestId('pull-lat').fill(String(truth.place.lat));
      await page.getByTestId('pull-lon').fill(String(truth.place.lon));
      await page.getByTestId('pull-radius').fill(String(truth.place.radiusM));
      await page.getByTestId('pull-from').fill(toZoneInput(truth.from));
      await page.getByTestId('pull-to').fill(toZoneInput(truth.to));
    });
    await page.getByTestId('tab-analyses').click();
    await page.getByTestId('analysis-kind').selectOption('stakeout');
    // Draw the circle on the map: the centre (the map frames the scene's reads), then the edge.
    await page.getByTestId('draw-circle').click();
    const box = (await page.locator('.case-map .leaflet-container').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx, cy);
    await page.mouse.move(cx + 60, cy + 20);
    await page.mouse.click(cx + 90, cy);
    await page.getByTestId('area-summary').waitFor();
    await runAnalysis(
      'stakeout',
      'Vehicles present near the jewellery shop during the night-time ram raid.',
      async () => {
        await page.getByTestId('analysis-from').fill(toZoneInput(truth.from));
        await page.getByTestId('analysis-to').fill(toZoneInput(truth.to));
      },
    );
    // Everyone is a bystander until opened; opening each is logged.
    const rows = page.locator('[data-testid="result-row"]');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(truth.targets.length);
    const opened: string[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      expect(await row.textContent()).toContain('•');
      await row.getByTestId('reveal-plate').click();
      await expect.poll(async () => row.locator('.plate').first().textContent()).not.toContain('•');
      opened.push(norm((await row.locator('.plate').first().textContent()) ?? ''));
    }
    for (const target of truth.targets) expect(opened).toContain(target.vehicle.plate);
    await shot('stakeout');
    // The same screen in French and in Dutch: nothing overflows, nothing left in English.
    for (const locale of ['fr', 'nl'] as const) {
      await page.getByTestId('locale-select').selectOption(locale);
      await page.waitForFunction((l) => document.documentElement.lang === l, locale);
      await shot(`stakeout-${locale}`);
    }
    await page.getByTestId('locale-select').selectOption('en');
  });

  it('finds the impossible journey of the cloned plate', async () => {
    const truth = t.groundTruth.clonedPlate;
    await page.getByTestId(`case-${truth.caseId}`).click();
    await page.getByTestId('case-workspace').waitFor();
    await pull(async () => page.getByTestId('pull-plates').fill(truth.plate));
    await page.getByTestId('tab-analyses').click();
    await page.locator('[data-testid="read-row"]').first().waitFor();
    await runAnalysis(
      'impossibleJourneys',
      'Check whether two vehicles use the same registration plate.',
    );
    const first = page.locator('[data-testid="result-row"]').first();
    expect(norm((await first.locator('.plate').first().textContent()) ?? '')).toBe(truth.plate);
    const speed = Number(
      ((await first.locator('.speed-bad').textContent()) ?? '').replace(/\D/g, ''),
    );
    expect(speed).toBeGreaterThan(250);
    // The fastest pair is the planted one: same cameras, same instants.
    const cell = first.locator('.pair-cell');
    const at = (s: { cameraId: string; at: string }) =>
      `${s.cameraId}@${new Date(s.at).toISOString()}`;
    expect(await cell.getAttribute('data-from')).toBe(at(truth.impossiblePair.first));
    expect(await cell.getAttribute('data-to')).toBe(at(truth.impossiblePair.second));
    await shot('impossible-journeys');
    await page.getByTestId('tab-read').click();
    await page.getByTestId('read-details').waitFor();
    await shot('selected-read');
  });

  it('logged every query and the disclosure in the local audit chain', async () => {
    const entries = await shell.workstation.stores.host.workstation().auditEntries(0, 10_000);
    const bodies = entries.map((e) => JSON.parse(e.body) as Record<string, unknown>);
    const actions = bodies.map((b) => b.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case.pull',
        'analysis.convoy',
        'analysis.impossible-journeys',
        'case.reveal-plate',
        'case.export',
      ]),
    );
    const disclosure = bodies.find((b) => b.action === 'case.export')!;
    expect(disclosure).toMatchObject({
      operation: 'disclosure',
      outcome: 'allowed',
      recipient: expect.stringMatching(/^prosecution: Parquet/),
      parameters: expect.objectContaining({ recipientId: 'be-parquet-anvers' }),
      actor: { username: 'detective1' },
    });
    expect(errors).toEqual([]);
  });
});

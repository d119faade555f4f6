import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { toZoneInput } from '../../renderer/src/zone-input.ts';
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
  await page.getByTestId('pull-justification').fill(JUSTIFICATION);
  await page.getByTestId('pull-submit').click();
  // This pull, not an earlier one, must be done.
  await expect.poll(() => done.count(), { timeout: 30_000 }).toBe(before + 1);
}

async function runAnalysis(kind: string, justification: string, fill?: () => Promise<void>) {
  await page.getByTestId('tab-analyses').click();
  await page.getByTestId('analysis-kind').selectOption(kind);
  await fill?.();
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

const norm = (plate: string) => plate.replace(/[\s-]/g, '').toUpperCase();

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
        timeout: 20_000,
      })
      .not.toBe('0');
    // The target's route is on the map: the route canvas has pixels in the route colour.
    await page.getByTestId('tab-analyses').click();
    await page.locator('[data-testid="read-row"]').first().waitFor();
    expect(norm((await page.locator('.anpr-legend').textContent()) ?? '')).toContain(
      truth.target.plate,
    );

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
    await expect.poll(() => first.textContent()).toContain('•');
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
    await page.getByTestId('timeline-speed').selectOption('86400');
    await page.getByTestId('timeline-play').click();
    await expect
      .poll(async () => page.locator('.timeline-now').textContent())
      .toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await page.getByTestId('timeline-play').click();
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
    // A private recipient is refused before anything is written.
    await page.getByTestId('export-recipient-kind').selectOption('private');
    await page.getByTestId('export-private').waitFor();
    await page.getByTestId('export-recipient-kind').selectOption('prosecutor');
    await page.getByTestId('export-recipient-name').fill('Parquet d’Anvers, section stupéfiants');
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
      recipient: expect.stringContaining('Parquet'),
      actor: { username: 'detective1' },
    });
    expect(errors).toEqual([]);
  });
});

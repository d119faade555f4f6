import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../common/policy.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { hitCategoryLabel, hitColour } from '../../renderer/src/workspaces/detective/hits.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * Hotlist hits on the detective's workstation (#14 item 4): detective1 pulls
 * the Synthetic Belgium hotlist case, and the hits the platform matched at
 * ingest arrive with their category. The officer is told the pull brought
 * hits (how many, which categories), sees them as a ring layer with a legend
 * entry per category, reads the category (number and the pack's label) in
 * the table, and a click on a ring selects its read.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
let dataDir: string;
const errors: string[] = [];
const shots = join(process.cwd(), 'docs', 'screenshots');
const categories = POLICY_PACKS.be.hotlistCategories!.categories;
const label = (category: number | null) => hitCategoryLabel(categories, category, 'en')!;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: (dataDir = mkdtempSync(join(tmpdir(), 'anpr-e2e-hits-'))),
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
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('hotlist hits in Chromium', () => {
  it('a pull that brings hits says so, and shows them on the map and in the table with their category', async () => {
    const planted = t.groundTruth.hotlistHits;
    expect(planted.length).toBeGreaterThan(0);
    const caseId = planted[0]!.caseId;
    await page.goto(shell.host.launchUrl);
    await signInThroughPopup(page, t, 'detective1');
    await page.getByTestId(`case-${caseId}`).click();
    await page.getByTestId('case-workspace').waitFor();

    // The planted vehicles, over the form's default period (the last 29 days).
    await page.getByTestId('add-data').click();
    await page.getByTestId('pull-form').waitFor();
    await page.getByTestId('pull-plates').fill(planted.map((h) => h.vehicle.plate).join('\n'));
    await page.getByTestId('pull-offence').selectOption('be-wanted');
    await page
      .getByTestId('pull-justification')
      .fill('Check the vehicles signalled on the hotlists of this administrative case.');
    await page.getByTestId('pull-submit').click();
    await page.locator('[data-testid="pull"][data-state="done"]').waitFor({ timeout: 90_000 });

    // What the workstation stored: the hits and their categories, as the platform sent them.
    const store = await shell.workstation.stores.open(caseId);
    const held = (
      await Promise.all(planted.map((h) => store.readsByPlate({ plate: h.vehicle.plate })))
    ).flat();
    const hits = held.filter((r) => r.hit);
    expect(hits.length).toBeGreaterThan(0);
    // Each stored hit has the category its vehicle was planted under.
    for (const r of hits)
      expect(r.hitCategory).toBe(planted.find((h) => h.vehicle.plate === r.plate)!.category);
    const byCategory = new Map<number, number>();
    for (const r of hits) byCategory.set(r.hitCategory!, (byCategory.get(r.hitCategory!) ?? 0) + 1);
    const shownCategories = [...byCategory.keys()].sort((a, b) => a - b);

    // The notice: how many hits this pull brought, and of which categories
    // (by number in the sentence, named with their counts in its list).
    const notice = page.getByTestId('hit-notice');
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toContain(`This pull brought ${hits.length} hotlist hit`);
    await notice.locator('summary').click();
    for (const [c, n] of byCategory)
      await notice
        .locator('li')
        .filter({ hasText: `${label(c)} (${n})` })
        .waitFor();

    // The layer's legend: one entry per colour group, naming its categories
    // and counting its hits; only categories the case holds.
    const legend = page.locator('.anpr-legend li').filter({ hasText: 'Hotlist hit, category' });
    const groups = new Map<string, number[]>();
    for (const c of shownCategories)
      groups.set(hitColour(c), [...(groups.get(hitColour(c)) ?? []), c]);
    await expect.poll(() => legend.count(), { timeout: 30_000 }).toBe(groups.size);
    for (const [colour, cs] of groups) {
      const n = cs.reduce((sum, c) => sum + byCategory.get(c)!, 0);
      const entry = legend.filter({ hasText: `category ${cs.join(', ')} (${n})` });
      await entry.waitFor();
      expect(await entry.locator('svg circle[stroke]').getAttribute('stroke')).toBe(colour);
    }

    // The table: the category instead of yes/no, on the hit rows only.
    await page.getByTestId('table-scope-all').click();
    const cells = page.getByTestId('read-hit-category');
    await cells.first().waitFor();
    expect(shownCategories.map(label)).toContain(await cells.first().textContent());

    // A ring on the map selects its read (table row and details), like the other layers.
    const canvas = page.locator('.case-map .leaflet-anpr-hits-pane canvas');
    const target = await canvas.evaluate(
      (el: HTMLCanvasElement, places) => {
        const scale = 256 * 2 ** Number(el.dataset.zoom);
        const box = el.getBoundingClientRect();
        const map = el.closest('.leaflet-container')!.getBoundingClientRect();
        const cx = map.left + map.width / 2;
        const cy = map.top + map.height / 2;
        let best: { id: string; x: number; y: number; d: number } | null = null;
        for (const p of places) {
          const φ = (p.lat * Math.PI) / 180;
          const x = box.left + (0.5 + p.lon / 360) * scale - Number(el.dataset.ox);
          const y =
            box.top +
            (0.5 - Math.log(Math.tan(Math.PI / 4 + φ / 2)) / (2 * Math.PI)) * scale -
            Number(el.dataset.oy);
          const d = Math.hypot(x - cx, y - cy);
          if (!best || d < best.d) best = { id: p.id, x, y, d };
        }
        return best!;
      },
      hits.map((r) => ({ id: r.id, lat: r.lat, lon: r.lon })),
    );
    await page.mouse.click(target.x, target.y);
    const selected = page.locator('[data-testid="read-row"][aria-selected="true"]');
    await selected.waitFor();
    const selectedHit = hits.find((r) => r.id === target.id)!;
    await expect
      .poll(() => selected.getByTestId('read-hit-category').textContent())
      .toBe(label(selectedHit.hitCategory));
    await page.getByTestId('tab-read').click();
    expect(await page.getByTestId('read-hit').textContent()).toBe(label(selectedHit.hitCategory));

    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, 'hotlist-hits.png') });

    // Dismissed, the notice goes; the hits stay on the map and in the table.
    await page.getByTestId('hit-notice-dismiss').click();
    expect(await notice.count()).toBe(0);
    expect(await cells.count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 240_000);
});

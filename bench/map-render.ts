/**
 * Map rendering speed in Debian Chromium: first render of 5,000 cameras plus
 * a 50,000-sighting route on the demo page (renderer/map-demo.html), served
 * with the workstation's real Content-Security-Policy so a CSP violation
 * fails the run.
 *
 *   node bench/map-render.ts                 prints the table
 *   node bench/map-render.ts --screenshots   also writes /tmp/map-{light,dark}*.png
 *
 * The demo page is not (yet) an input of vite.renderer.config.ts, so this
 * builds it into a temporary directory with the renderer's own config plus
 * the extra input.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { contentSecurityPolicy, contentType, resolveStaticPath } from '../main/core/static-path.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { formatTable, percentile, type BenchRow } from './table.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** What renderer/src/map/demo.tsx publishes (this file is typechecked without the DOM library). */
interface DemoWindow {
  __mapDemo?: DemoResult & {
    zoomRedraw: () => number;
    layerRedraw: () => Record<string, number>;
    segmentPoint: (route: number, segment: number) => { x: number; y: number } | null;
    map: {
      setView: (center: [number, number], zoom: number, options: { animate: boolean }) => unknown;
    };
  };
  __mapDemoError?: string;
}
declare const window: DemoWindow;

/** Builds the renderer with the map demo as a second page into `outDir`. */
export async function buildMapDemo(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'vite.renderer.config.ts'),
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          main: join(ROOT, 'renderer/index.html'),
          'map-demo': join(ROOT, 'renderer/map-demo.html'),
        },
      },
    },
  });
}

/** Serves a directory on loopback with the renderer's CSP, like the browser host does. */
export async function serveDir(
  dir: string,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const csp = contentSecurityPolicy();
  const server: Server = createServer((req, res) => {
    const file = resolveStaticPath(dir, req.url ?? '/');
    if (!file || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Security-Policy': csp });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

interface DemoResult {
  firstRenderMs: number;
  basemapFetchMs: number;
  basemapDrawMs: number | null;
  cameras: number;
  sightings: number;
}

/** Opens the demo page and waits for its result; CSP violations and page errors throw. */
async function openDemo(
  browser: Browser,
  url: string,
  theme = 'light',
): Promise<{ page: Page; result: DemoResult }> {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 768 },
    colorScheme: theme === 'dark' ? 'dark' : 'light',
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__mapDemo || window.__mapDemoError, null, {
    timeout: 30_000,
  });
  const error = await page.evaluate(() => window.__mapDemoError);
  if (error) throw new Error(`demo failed: ${error}`);
  if (problems.length) throw new Error(`page reported: ${problems.join(' | ').slice(0, 400)}`);
  const result = await page.evaluate(() => {
    const d = window.__mapDemo!;
    return {
      firstRenderMs: d.firstRenderMs,
      basemapFetchMs: d.basemapFetchMs,
      basemapDrawMs: d.basemapDrawMs,
      cameras: d.cameras,
      sightings: d.sightings,
    };
  });
  return { page, result };
}

export async function benchMapRender(): Promise<BenchRow[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'anpr-map-bench-'));
  let server: Awaited<ReturnType<typeof serveDir>> | null = null;
  let browser: Browser | null = null;
  try {
    await buildMapDemo(outDir);
    server = await serveDir(outDir);
    browser = await launchChromium();
    const url = `${server.origin}/map-demo.html?mode=bench&cameras=5000&sightings=50000`;
    const runs: DemoResult[] = [];
    const zooms: number[] = [];
    const layers: Record<string, number[]> = {};
    for (let i = 0; i < 3; i++) {
      const { page, result } = await openDemo(browser, url);
      runs.push(result);
      for (const [pane, ms] of Object.entries(
        await page.evaluate(() => window.__mapDemo!.layerRedraw()),
      ))
        (layers[pane] ??= []).push(ms);
      for (let z = 0; z < 3; z++)
        zooms.push(await page.evaluate(() => window.__mapDemo!.zoomRedraw()));
      await page.close();
    }
    const med = (f: (r: DemoResult) => number) => percentile(runs.map(f), 50);
    const layer = (pane: string) => percentile(layers[pane] ?? [], 50);
    const first = runs[0]!;
    return [
      {
        name: `map first render, ${first.cameras} cameras + ${first.sightings}-sighting route`,
        value: med((r) => r.firstRenderMs),
        unit: 'ms',
        target: '< 1000 ms',
        note: 'render() to painted frame, incl. basemap; median of 3',
      },
      {
        name: 'map route layer redraw (50k sightings)',
        value: layer('anpr-routes'),
        unit: 'ms',
        target: '< 100 ms',
        note: 'rasterised; worst case: 40 % implausible segments',
      },
      {
        name: 'map camera layer redraw (5k, clustered)',
        value: layer('anpr-cameras'),
        unit: 'ms',
        target: '< 30 ms',
      },
      {
        name: 'map coverage gap layer redraw',
        value: layer('anpr-gaps'),
        unit: 'ms',
        target: '< 30 ms',
      },
      {
        name: 'map basemap labels redraw',
        value: layer('anpr-labels'),
        unit: 'ms',
        target: '< 30 ms',
      },
      {
        name: 'map offline basemap fetch + parse',
        value: med((r) => r.basemapFetchMs),
        unit: 'ms',
        note: '4 files, ~1.3 MB',
      },
      {
        name: 'map zoom step, all layers redrawn',
        value: percentile(zooms, 50),
        unit: 'ms',
        target: '< 250 ms',
        note: 'p50, rasterised; the 50k route is a synthetic hairball',
      },
    ];
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Screenshots of the demo scene, light and dark, with a route tooltip open. */
export async function screenshotMapDemo(prefix = '/tmp/map'): Promise<string[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'anpr-map-shots-'));
  const server = await serveDir(outDir);
  const browser = await launchChromium();
  const files: string[] = [];
  try {
    await buildMapDemo(outDir);
    for (const theme of ['light', 'dark']) {
      const { page } = await openDemo(
        browser,
        `${server.origin}/map-demo.html?theme=${theme}`,
        theme,
      );
      await page.waitForTimeout(300);
      const point = await page.evaluate(() => window.__mapDemo!.segmentPoint(0, 6));
      if (point) {
        const box = (await page.locator('.anpr-map-container').boundingBox())!;
        await page.mouse.move(box.x + point.x, box.y + point.y);
        await page.waitForSelector('.anpr-map-tooltip', { timeout: 2_000 }).catch(() => undefined);
      }
      const file = `${prefix}-${theme}.png`;
      await page.screenshot({ path: file });
      files.push(file);
      // A closer look around Brussels, where the city cameras cluster.
      await page.mouse.move(5, 5);
      await page.evaluate(() => {
        window.__mapDemo!.map.setView([50.86, 4.42], 11, { animate: false });
      });
      await page.waitForTimeout(300);
      const zoomed = `${prefix}-${theme}-brussels.png`;
      await page.screenshot({ path: zoomed });
      files.push(zoomed);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return files;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { screenshots: { type: 'boolean' } } });
  if (values.screenshots) console.log((await screenshotMapDemo()).join('\n'));
  else console.log(formatTable(await benchMapRender()));
}

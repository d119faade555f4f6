/**
 * Map demo page (`/map-demo.html`), with synthetic data only: the visual
 * check of the map and the page the benchmark (bench/map-render.ts) times.
 *
 *   ?mode=scene|bench  &theme=light|dark  &lang=en|nl|fr  &cameras=5000  &sightings=50000
 *   &basemap=pmtiles&url=/pmtiles/basemap.pmtiles   a local PMTiles file as background
 *   &data=none                                      the basemap alone, no synthetic data
 *
 * Results are published on `window.__mapDemo` for Playwright.
 */
import '../zod-config.ts';
import '../styles.css';
import i18next from 'i18next';
import type L from 'leaflet';
import type { MapBasemap } from '../../../common/settings.ts';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { initReactI18next } from 'react-i18next';
import { corridorsOf, loadBasemap, townsOf } from './basemap-data.ts';
import { CameraLayer } from './CameraLayer.tsx';
import { CanvasLayer } from './canvas-layer.ts';
import { CoverageGapLayer } from './CoverageGapLayer.tsx';
import { demoBench, demoScene, type DemoData } from './demo-data.ts';
import { boundsOf } from './fit.ts';
import { MapView } from './MapView.tsx';
import { mapMessages } from './messages.ts';
import { RouteLayer, useRouteColours } from './RouteLayer.tsx';
import { SightingLayer } from './SightingLayer.tsx';

export interface MapDemoResult {
  mode: string;
  cameras: number;
  sightings: number;
  basemapFetchMs: number;
  dataMs: number;
  /** From React render call to the frame after every layer drew its data. */
  firstRenderMs: number;
  basemapDrawMs: number | null;
  /** Zooms in one level without animation; returns the time to redraw and rasterise every canvas. */
  zoomRedraw: () => number;
  /** Redraws each data/label canvas layer alone, rasterised; milliseconds per pane. */
  layerRedraw: () => Record<string, number>;
  /** Container point of the middle of a route segment (for hover screenshots). */
  segmentPoint: (route: number, segment: number) => { x: number; y: number } | null;
  /** Container point of a route's sighting (time order). */
  sightingPoint: (route: number, index: number) => { x: number; y: number } | null;
  map: L.Map;
}

declare global {
  interface Window {
    __mapDemo?: MapDemoResult;
    __mapDemoError?: string;
  }
}

/** The layers, as the workspace would wire them (inside MapView, so they share its theme). */
/**
 * Chromium records canvas drawing and rasterises it later; reading a pixel
 * forces the raster now, so timings include it.
 */
function flushCanvases(map: L.Map): void {
  for (const c of map.getContainer().querySelectorAll('canvas'))
    c.getContext('2d')?.getImageData(0, 0, 1, 1);
}

function DemoLayers({
  data,
  selected,
  onSelect,
}: {
  data: DemoData;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const colours = useRouteColours(data.routes);
  // The sightings shown belong to the first vehicle: same colour as its route.
  const sightings = useMemo(
    () => data.sightings.map((s) => ({ ...s, colour: colours[0]! })),
    [data.sightings, colours],
  );
  return (
    <>
      <CameraLayer cameras={data.cameras} status={data.status} />
      <CoverageGapLayer cameras={data.cameras} outages={data.outages} window={data.window} />
      <RouteLayer routes={data.routes} />
      {sightings.length > 0 && (
        <SightingLayer sightings={sightings} selectedId={selected} onSelect={onSelect} />
      )}
    </>
  );
}

function Demo({
  data,
  t0,
  info,
  basemap,
  showData,
}: {
  data: DemoData;
  t0: number;
  info: Pick<MapDemoResult, 'mode' | 'basemapFetchMs' | 'dataMs'>;
  basemap: MapBasemap;
  showData: boolean;
}) {
  const [map, setMap] = useState<L.Map | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [basemapMs, setBasemapMs] = useState<number | null>(null);
  const fit = useMemo(
    () =>
      info.mode === 'bench'
        ? boundsOf(data.cameras)
        : boundsOf(...data.routes.map((r) => r.sightings)),
    [data, info.mode],
  );

  useEffect(() => {
    if (!map || basemapMs === null || window.__mapDemo) return;
    // Layers draw in the next animation frame; the frame after that is on screen.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const firstRenderMs = performance.now() - t0;
        const sorted = (route: number) =>
          [...(data.routes[route]?.sightings ?? [])].sort(
            (a, b) => Date.parse(a.at) - Date.parse(b.at),
          );
        const canvases: CanvasLayer[] = [];
        map.eachLayer((l) => {
          if (l instanceof CanvasLayer) canvases.push(l);
        });
        window.__mapDemo = {
          ...info,
          cameras: data.cameras.length,
          sightings: data.routes.reduce((n, r) => n + r.sightings.length, 0),
          firstRenderMs,
          basemapDrawMs: basemapMs,
          zoomRedraw: () => {
            const t = performance.now();
            map.setZoom(map.getZoom() + 1, { animate: false });
            flushCanvases(map);
            return performance.now() - t;
          },
          layerRedraw: () => {
            const out: Record<string, number> = {};
            for (const layer of canvases) {
              const t = performance.now();
              layer.redrawNow();
              flushCanvases(map);
              out[layer.options.pane ?? '?'] = performance.now() - t;
            }
            return out;
          },
          segmentPoint: (route, segment) => {
            const a = sorted(route)[segment];
            const b = sorted(route)[segment + 1];
            if (!a || !b) return null;
            const p = map.latLngToContainerPoint([(a.lat + b.lat) / 2, (a.lon + b.lon) / 2]);
            return { x: p.x, y: p.y };
          },
          sightingPoint: (route, index) => {
            const a = sorted(route)[index];
            if (!a) return null;
            const p = map.latLngToContainerPoint([a.lat, a.lon]);
            return { x: p.x, y: p.y };
          },
          map,
        };
      }),
    );
  }, [map, basemapMs, data, info, t0]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span className="brand-name">ANPR Workstation</span>
          <span className="badge">map demo · synthetic data</span>
        </div>
      </header>
      <main className="demo-map">
        <MapView
          fit={showData ? fit : null}
          basemap={basemap}
          legend={showData}
          onMap={setMap}
          onBasemapLoaded={setBasemapMs}
        >
          {showData && <DemoLayers data={data} selected={selected} onSelect={setSelected} />}
        </MapView>
      </main>
    </div>
  );
}

/** The demo only points the map at its own origin, as the workstation does. */
function sameOrigin(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? parsed.pathname + parsed.search : null;
  } catch {
    return null;
  }
}

async function boot(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  document.documentElement.dataset.theme = params.get('theme') === 'dark' ? 'dark' : 'light';
  const lang = ['en', 'nl', 'fr'].includes(params.get('lang') ?? '') ? params.get('lang')! : 'en';
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(
      Object.entries(mapMessages).map(([k, v]) => [k, { translation: { map: v } }]),
    ),
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lang;

  const f0 = performance.now();
  const basemap = await loadBasemap();
  const basemapFetchMs = performance.now() - f0;
  const d0 = performance.now();
  const mode = params.get('mode') === 'bench' ? 'bench' : 'scene';
  const towns = townsOf(basemap.places);
  const corridors = corridorsOf(basemap.roads);
  const data =
    mode === 'bench'
      ? demoBench(
          corridors,
          towns,
          Number(params.get('cameras') ?? 5000),
          Number(params.get('sightings') ?? 50_000),
        )
      : demoScene(corridors, towns);
  const dataMs = performance.now() - d0;

  const pmtilesUrl = params.get('basemap') === 'pmtiles' ? sameOrigin(params.get('url')) : null;
  const background: MapBasemap = pmtilesUrl
    ? { kind: 'pmtiles', url: pmtilesUrl }
    : { kind: 'offline' };
  const showData = params.get('data') !== 'none';

  const t0 = performance.now();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Demo
        data={data}
        t0={t0}
        info={{ mode, basemapFetchMs, dataMs }}
        basemap={background}
        showData={showData}
      />
    </StrictMode>,
  );
}

boot().catch((e: unknown) => {
  window.__mapDemoError = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
});

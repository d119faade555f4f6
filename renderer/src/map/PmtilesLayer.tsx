/**
 * A local vector PMTiles file (e.g. a Protomaps extract) as the map's
 * background, drawn by protomaps-leaflet on canvas tiles in the tile pane.
 *
 * Network: only byte-range requests to `url`, which the workstation serves
 * from its own origin. protomaps-leaflet's default style names a CSS font
 * family and loads no fonts, sprites or glyphs unless asked (its `tasks`
 * option, left empty here), and the attribution is plain text, so the CSP's
 * `connect-src 'self'` holds.
 *
 * The tiles have no background fill: where the file has no data (outside an
 * extract's area) the offline outlines under the tile pane keep the world
 * framed. Colours follow the map theme, so an extract's edge does not show
 * as a change of palette; labels use the UI language where the file has
 * `name:<lang>`, else `name`.
 */
import { namedFlavor, type Flavor } from '@protomaps/basemaps';
import L from 'leaflet';
import { EtagMismatch, FetchSource, PMTiles, TileType, type Source } from 'pmtiles';
import {
  exp,
  labelRules,
  leafletLayer,
  LineSymbolizer,
  paintRules,
  type Feature,
  type LabelRule,
  type PaintRule,
} from 'protomaps-leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMap } from 'react-leaflet';
import { mix } from './colour.ts';
import { useMapTheme, type MapTheme } from './theme.ts';
import type { Translate } from './types.ts';
import { useTranslate } from './use-translate.ts';

export interface PmtilesLayerProps {
  /** Same-origin URL of the archive (`LOCAL_PMTILES_PATH`). */
  url: string;
  /** A reason the file cannot be drawn, in the UI language. */
  onError?: (message: string) => void;
  /** The archive's header and metadata were read and the layer is on the map. */
  onReady?: (info: PmtilesInfo) => void;
}

export interface PmtilesInfo {
  minZoom: number;
  maxZoom: number;
  /** Plain text shown in the attribution control. */
  attribution: string;
}

type Loaded = PmtilesInfo & { bounds?: L.LatLngBounds };

type ProtomapsLayer = L.GridLayer & {
  paintRules: PaintRule[];
  labelRules: LabelRule[];
  clearLayout(): void;
  rerenderTiles(): void;
};

/** The Protomaps flavour of the theme, with land, sea, borders and labels in the app's own tones. */
export function flavorFor(theme: MapTheme): Flavor {
  const dark = theme.name === 'dark';
  const base = namedFlavor(dark ? 'dark' : 'light');
  return {
    ...base,
    background: theme.sea,
    earth: theme.land,
    water: theme.sea,
    boundaries: theme.border,
    // The default style draws every road class in `major`: it must read on the app's land.
    major: dark ? mix(theme.land, theme.textMuted, 0.35) : mix(theme.land, theme.textMuted, 0.3),
    roads_label_major: theme.textMuted,
    roads_label_major_halo: theme.halo,
    roads_label_minor: theme.textMuted,
    roads_label_minor_halo: theme.halo,
    ocean_label: mix(theme.sea, theme.textMuted, 0.7),
    city_label: theme.text,
    city_label_halo: theme.halo,
    subplace_label: theme.textMuted,
    subplace_label_halo: theme.halo,
    state_label: theme.textMuted,
    state_label_halo: theme.halo,
    country_label: theme.textMuted,
  };
}

const MOTORWAY = { props: { kind: 'highway' } } as unknown as Feature;

/**
 * Protomaps' paint rules for the theme, with two changes. A coastline: the
 * default style fills land and sea without an edge, and the dark theme's
 * land and sea are close tones that the offline basemap also separates by a
 * coast line. Motorways in the map's motorway colour, as on the offline
 * basemap and in the legend, instead of the grey of every other road.
 */
export function paintRulesFor(theme: MapTheme): PaintRule[] {
  const rules = paintRules(flavorFor(theme));
  const motorways = rules.findIndex((r) => r.dataLayer === 'roads' && r.filter?.(10, MOTORWAY));
  if (motorways >= 0) {
    rules[motorways] = {
      ...rules[motorways]!,
      symbolizer: new LineSymbolizer({
        color: theme.motorway,
        width: exp(1.6, [
          [3, 0],
          [6, 1.4],
          [12, 2],
          [15, 5],
          [18, 15],
        ]),
        lineCap: 'round',
      }),
    };
  }
  const earth = rules.findIndex((r) => r.dataLayer === 'earth');
  rules.splice(earth + 1, 0, {
    dataLayer: 'earth',
    symbolizer: new LineSymbolizer({ color: theme.coast, width: 0.8 }),
  });
  return rules;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * The file's own attribution as plain text. Protomaps builds carry an HTML
 * link; the map shows its text only (no navigation away from the app, no
 * markup from a file into the page). An inert parsed document loads nothing.
 */
export function attributionText(metadata: unknown): string | null {
  const raw =
    metadata && typeof metadata === 'object' && 'attribution' in metadata
      ? (metadata as { attribution: unknown }).attribution
      : null;
  if (typeof raw !== 'string') return null;
  const text = (new DOMParser().parseFromString(raw, 'text/html').body.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return text || null;
}

/** Range reads over fetch, reporting failures other than cancelled or re-read requests. */
class ReportingSource implements Source {
  readonly inner: FetchSource;
  readonly report: (error: unknown) => void;
  constructor(url: string, report: (error: unknown) => void) {
    this.inner = new FetchSource(url);
    this.report = report;
  }
  getKey(): string {
    return this.inner.getKey();
  }
  async getBytes(offset: number, length: number, signal?: AbortSignal, etag?: string) {
    try {
      return await this.inner.getBytes(offset, length, signal, etag);
    } catch (error) {
      // Zooming cancels tile reads; a replaced file makes the client re-read its header.
      const aborted = error instanceof Error && error.name === 'AbortError';
      if (!aborted && !(error instanceof EtagMismatch)) this.report(error);
      throw error;
    }
  }
}

function describeFailure(error: unknown, t: Translate): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Bad response code: 404|Failed to fetch|NetworkError/i.test(message))
    return t('map.pmtiles.missing');
  if (/magic number|spec version/i.test(message)) return t('map.pmtiles.notPmtiles');
  return message;
}

/**
 * protomaps-leaflet extends the global `L` of a script-tag Leaflet; the
 * bundled Leaflet is a module, so the global is provided once, here.
 */
function provideLeafletGlobal(): void {
  const g = globalThis as { L?: typeof L };
  g.L ??= L;
}

const languageOf = (language: string): string => language.split('-')[0] || 'en';

export function PmtilesLayer({ url, onError, onReady }: PmtilesLayerProps) {
  const map = useMap();
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const [info, setInfo] = useState<Loaded | null>(null);
  const [layer, setLayer] = useState<ProtomapsLayer | null>(null);

  const callbacks = useRef({ onError, onReady, t });
  callbacks.current = { onError, onReady, t };
  const style = useRef({ theme, language });
  style.current = { theme, language };
  /** What the layer's rules were last built from, so a new layer is not restyled at once. */
  const styledWith = useRef<{ theme: MapTheme; language: string } | null>(null);

  const archive = useMemo(() => {
    let reported = false;
    return new PMTiles(
      new ReportingSource(url, (error) => {
        // One notice per file: a missing file fails every tile.
        if (reported) return;
        reported = true;
        callbacks.current.onError?.(describeFailure(error, callbacks.current.t));
      }),
    );
  }, [url]);

  useEffect(() => {
    let cancelled = false;
    setInfo(null);
    (async (): Promise<Loaded> => {
      const header = await archive.getHeader();
      if (header.tileType !== TileType.Mvt)
        throw new Error(callbacks.current.t('map.pmtiles.notVector'));
      const metadata: unknown = await archive.getMetadata().catch(() => null);
      return {
        minZoom: header.minZoom,
        maxZoom: header.maxZoom,
        attribution: attributionText(metadata) ?? callbacks.current.t('map.pmtiles.osm'),
        bounds:
          header.minLon < header.maxLon && header.minLat < header.maxLat
            ? L.latLngBounds([header.minLat, header.minLon], [header.maxLat, header.maxLon])
            : undefined,
      };
    })().then(
      (loaded) => {
        if (!cancelled) setInfo(loaded);
      },
      (error: unknown) => {
        if (!cancelled) callbacks.current.onError?.(describeFailure(error, callbacks.current.t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [archive]);

  useEffect(() => {
    if (!info) return;
    provideLeafletGlobal();
    const { theme: th, language: lang } = style.current;
    const flavor = flavorFor(th);
    const created = leafletLayer({
      url: archive,
      maxDataZoom: info.maxZoom,
      paintRules: paintRulesFor(th),
      labelRules: labelRules(flavor, languageOf(lang)),
      attribution: escapeHtml(info.attribution),
      className: 'anpr-pmtiles',
      // No tiles are asked for outside the file's area.
      ...(info.bounds ? { bounds: info.bounds } : {}),
    }) as unknown as ProtomapsLayer;
    styledWith.current = { theme: th, language: lang };
    created.addTo(map);
    setLayer(created);
    callbacks.current.onReady?.({
      minZoom: info.minZoom,
      maxZoom: info.maxZoom,
      attribution: info.attribution,
    });
    return () => {
      created.remove();
      setLayer(null);
    };
  }, [map, archive, info]);

  useEffect(() => {
    if (!layer) return;
    const built = styledWith.current;
    if (built && built.theme === theme && built.language === language) return;
    // Restyle in place: the layer keeps its parsed tiles, so nothing is fetched again.
    const flavor = flavorFor(theme);
    layer.paintRules = paintRulesFor(theme);
    layer.labelRules = labelRules(flavor, languageOf(language));
    layer.clearLayout();
    layer.rerenderTiles();
    styledWith.current = { theme, language };
  }, [layer, theme, language]);

  return null;
}

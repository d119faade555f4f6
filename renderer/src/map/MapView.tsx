/**
 * The map of the detective workspace: offline basemap by default, an agency
 * tile server when configured, data layers as children.
 *
 *   <MapView fit={boundsOf(cameras, sightings)}>
 *     <CoverageGapLayer … /> <CameraLayer … /> <RouteLayer … /> <SightingLayer … />
 *   </MapView>
 */
import 'leaflet/dist/leaflet.css';
import './map.css';
import L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import type { BoundingBox } from '../../../common/geo.ts';
import type { MapBasemap } from '../../../common/settings.ts';
import { BasemapLayers } from './BasemapLayers.tsx';
import { BELGIUM, sameBounds } from './fit.ts';
import { Legend } from './Legend.tsx';
import { PmtilesLayer } from './PmtilesLayer.tsx';
import { LegendContext, type LegendEntry, type LegendRegistry } from './legend-context.ts';
import { MapThemeContext, useMapThemeState, type MapTheme } from './theme.ts';

export interface MapViewProps {
  /** What to frame: the data shown (see `boundsOf`). Null or absent: Belgium. */
  fit?: BoundingBox | null;
  /** The background: shipped offline basemap (default), agency tiles or a local PMTiles file. */
  basemap?: MapBasemap;
  /** Show the legend (default true). */
  legend?: boolean;
  className?: string;
  children?: ReactNode;
  /** The Leaflet map, once created (for the lead's own controls and tests). */
  onMap?: (map: L.Map) => void;
  /** Milliseconds from mount until the offline basemap was drawn. */
  onBasemapLoaded?: (ms: number) => void;
}

const OFFLINE_BASEMAP: MapBasemap = { kind: 'offline' };

const toLeafletBounds = (b: BoundingBox): L.LatLngBoundsExpression => [
  [b.minLat, b.minLon],
  [b.maxLat, b.maxLon],
];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Controls, accessibility attributes, sea colour, resizing and framing: everything on the map itself. */
function MapSetup({
  fit,
  theme,
  onMap,
}: {
  fit: BoundingBox | null;
  theme: MapTheme;
  onMap?: (map: L.Map) => void;
}) {
  const map = useMap();
  const { t, i18n } = useTranslation();
  const lastFit = useRef<BoundingBox | null | undefined>(undefined);

  // A notification, not a reason to re-run the effect.
  const onMapRef = useRef(onMap);
  onMapRef.current = onMap;
  useEffect(() => {
    const scale = L.control
      .scale({ imperial: false, position: 'bottomleft', maxWidth: 140 })
      .addTo(map);
    onMapRef.current?.(map);
    return () => {
      scale.remove();
    };
  }, [map]);

  useEffect(() => {
    // Leaflet's own prefix links to the web; the workstation may run without it.
    const attribution = L.control.attribution({ prefix: 'Leaflet' }).addTo(map);
    attribution.addAttribution(escapeHtml(t('map.attribution')));
    return () => {
      attribution.remove();
    };
  }, [map, t, i18n.language]);

  useEffect(() => {
    const el = map.getContainer();
    el.setAttribute('aria-label', t('map.ariaLabel'));
    el.setAttribute('aria-roledescription', t('map.roleDescription'));
    el.setAttribute('role', 'region');
  }, [map, t, i18n.language]);

  useEffect(() => {
    map.getContainer().style.background = theme.sea;
  }, [map, theme.sea]);

  useEffect(() => {
    // The workspace resizes the map with its panels; Leaflet only hears window resizes.
    const observer = new ResizeObserver(() => map.invalidateSize({ debounceMoveend: true }));
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);

  useEffect(() => {
    if (lastFit.current !== undefined && sameBounds(lastFit.current, fit)) return;
    lastFit.current = fit;
    map.fitBounds(toLeafletBounds(fit ?? BELGIUM), {
      padding: [36, 36],
      maxZoom: 15,
      animate: false,
    });
  }, [map, fit]);

  return null;
}

export function MapView({
  fit = null,
  basemap = OFFLINE_BASEMAP,
  legend = true,
  className,
  children,
  onMap,
  onBasemapLoaded,
}: MapViewProps) {
  const { t } = useTranslation();
  const theme = useMapThemeState();
  const [basemapError, setBasemapError] = useState<string | null>(null);
  // Keyed by URL: a notice about one file does not outlive a switch to another.
  const [pmtilesError, setPmtilesError] = useState<{ url: string; message: string } | null>(null);
  const pmtilesUrl = basemap.kind === 'pmtiles' ? basemap.url : null;
  const onPmtilesError = useCallback(
    (message: string) => {
      if (pmtilesUrl) setPmtilesError({ url: pmtilesUrl, message });
    },
    [pmtilesUrl],
  );
  const shownPmtilesError =
    pmtilesError && pmtilesError.url === pmtilesUrl ? pmtilesError.message : null;
  const [groups, setGroups] = useState<
    ReadonlyMap<string, { order: number; entries: LegendEntry[] }>
  >(new Map());

  const set = useCallback<LegendRegistry['set']>((owner, order, entries) => {
    setGroups((prev) => {
      const next = new Map(prev);
      if (entries) next.set(owner, { order, entries });
      else next.delete(owner);
      return next;
    });
  }, []);
  const registry = useMemo<LegendRegistry>(() => ({ set }), [set]);
  const entries = useMemo(
    () => [...groups.values()].sort((a, b) => b.order - a.order).flatMap((g) => g.entries),
    [groups],
  );

  return (
    <div className={`anpr-map${className ? ` ${className}` : ''}`}>
      <MapThemeContext.Provider value={theme}>
        <LegendContext.Provider value={registry}>
          <MapContainer
            className="anpr-map-container"
            bounds={toLeafletBounds(fit ?? BELGIUM)}
            preferCanvas
            attributionControl={false}
            keyboard
            minZoom={2}
            maxZoom={18}
            maxBounds={[
              [-85, -220],
              [85, 220],
            ]}
            maxBoundsViscosity={0.8}
            worldCopyJump={false}
          >
            <MapSetup fit={fit} theme={theme} {...(onMap ? { onMap } : {})} />
            <BasemapLayers
              showLabels={basemap.kind === 'offline'}
              onError={setBasemapError}
              {...(onBasemapLoaded ? { onLoaded: onBasemapLoaded } : {})}
            />
            {basemap.kind === 'tiles' && (
              <TileLayer
                url={basemap.url}
                attribution={escapeHtml(basemap.attribution)}
                maxZoom={19}
              />
            )}
            {/* The offline outlines stay underneath: they frame the world outside an extract's area. */}
            {pmtilesUrl && <PmtilesLayer url={pmtilesUrl} onError={onPmtilesError} />}
            {children}
          </MapContainer>
          {legend && <Legend entries={entries} />}
          {(basemapError || shownPmtilesError) && (
            // One notice box: both messages stay readable if both basemaps fail.
            <div className="anpr-map-notice notice notice-warn" role="status">
              {basemapError && <div>{t('map.basemapFailed', { message: basemapError })}</div>}
              {shownPmtilesError && (
                <div>{t('map.pmtiles.failed', { message: shownPmtilesError })}</div>
              )}
            </div>
          )}
        </LegendContext.Provider>
      </MapThemeContext.Provider>
    </div>
  );
}

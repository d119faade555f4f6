/**
 * The offline basemap on the map: land, borders and motorway corridors as
 * Leaflet vectors on their own canvas under the tile pane, names on a label
 * canvas. With an agency tile layer the names are left to the tiles.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useTranslate } from './use-translate.ts';
import { useMap } from 'react-leaflet';
import { BasemapLabels } from './basemap-labels.ts';
import {
  corridorsOf,
  countryLabelsOf,
  loadBasemap,
  townsOf,
  type Basemap,
} from './basemap-data.ts';
import { ensurePane } from './canvas-layer.ts';
import { useLegendEntries } from './legend-context.ts';
import { PANES } from './panes.ts';
import { useMapTheme, type MapTheme } from './theme.ts';

interface Layers {
  worldLand: L.GeoJSON;
  detailLand: L.GeoJSON;
  worldBorders: L.GeoJSON;
  detailBorders: L.GeoJSON;
  roadCasing: L.GeoJSON;
  roads: L.GeoJSON;
  labels: BasemapLabels;
}

function styles(theme: MapTheme) {
  return {
    worldLand: {
      stroke: true,
      color: theme.coast,
      weight: 0.7,
      fillColor: theme.landOther,
      fillOpacity: 1,
    },
    detailLand: {
      stroke: true,
      color: theme.coast,
      weight: 0.8,
      fillColor: theme.land,
      fillOpacity: 1,
    },
    worldBorders: { color: theme.border, weight: 0.8, opacity: 0.9, fill: false },
    detailBorders: { color: theme.border, weight: 1.4, opacity: 1, fill: false, dashArray: '5 3' },
    roadCasing: {
      color: theme.motorwayCasing,
      weight: 4.5,
      opacity: 0.55,
      fill: false,
      lineCap: 'round' as const,
    },
    roads: {
      color: theme.motorway,
      weight: 2.5,
      opacity: 1,
      fill: false,
      lineCap: 'round' as const,
    },
  };
}

export interface BasemapLayersProps {
  showLabels: boolean;
  onLoaded?: (ms: number) => void;
  onError?: (message: string) => void;
}

export function BasemapLayers({ showLabels, onLoaded, onError }: BasemapLayersProps) {
  const map = useMap();
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layers = useRef<Layers | null>(null);
  const themeRef = useRef(theme);
  themeRef.current = theme;
  const callbacks = useRef({ onLoaded, onError });
  callbacks.current = { onLoaded, onError };
  // Read when the data arrives, which may be after several renders.
  const current = useRef({ showLabels, language: language });
  current.current = { showLabels, language: language };

  useEffect(() => {
    let cancelled = false;
    const t0 = performance.now();
    ensurePane(map, PANES.basemap.name, PANES.basemap.zIndex);
    const renderer = L.canvas({ pane: PANES.basemap.name, padding: 0.3 });
    const created: L.Layer[] = [];
    loadBasemap()
      .then((data: Basemap) => {
        if (cancelled) return;
        const s = styles(themeRef.current);
        const geo = (file: Basemap[keyof Basemap], kind: string, style: L.PathOptions) =>
          L.geoJSON(
            {
              type: 'FeatureCollection',
              features: file.features.filter((f) => f.properties.k === kind),
            } as GeoJSON.FeatureCollection,
            { renderer, interactive: false, style, pane: PANES.basemap.name } as L.GeoJSONOptions,
          );
        const l: Layers = {
          worldLand: geo(data.world, 'land', s.worldLand),
          detailLand: geo(data.detail, 'land', s.detailLand),
          worldBorders: geo(data.world, 'border', s.worldBorders),
          detailBorders: geo(data.detail, 'border', s.detailBorders),
          roadCasing: geo(data.roads, 'motorway', s.roadCasing),
          roads: geo(data.roads, 'motorway', s.roads),
          labels: new BasemapLabels(themeRef.current)
            .setLanguage(current.current.language)
            .setData(
              townsOf(data.places),
              countryLabelsOf(data.world, data.detail),
              corridorsOf(data.roads),
            ),
        };
        for (const layer of Object.values(l)) {
          created.push(layer);
          if (layer !== l.labels || current.current.showLabels) layer.addTo(map);
        }
        layers.current = l;
        callbacks.current.onLoaded?.(performance.now() - t0);
      })
      .catch((e: unknown) => {
        if (!cancelled) callbacks.current.onError?.(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      for (const layer of created) layer.remove();
      layers.current = null;
    };
  }, [map]);

  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    const s = styles(theme);
    l.worldLand.setStyle(s.worldLand);
    l.detailLand.setStyle(s.detailLand);
    l.worldBorders.setStyle(s.worldBorders);
    l.detailBorders.setStyle(s.detailBorders);
    l.roadCasing.setStyle(s.roadCasing);
    l.roads.setStyle(s.roads);
    l.labels.setTheme(theme);
  }, [theme]);

  useEffect(() => {
    layers.current?.labels.setLanguage(language);
  }, [language]);

  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    if (showLabels && !map.hasLayer(l.labels)) l.labels.addTo(map);
    if (!showLabels && map.hasLayer(l.labels)) l.labels.remove();
  }, [map, showLabels]);

  // Under an agency's tiles or a PMTiles map the schematic corridors are hidden:
  // the legend names only what the officer can see.
  useLegendEntries(
    'basemap',
    PANES.basemap.zIndex,
    showLabels
      ? [
          {
            key: 'motorway',
            label: t('map.legend.motorway'),
            symbol: { kind: 'line', colour: theme.motorway },
          },
        ]
      : [],
  );
  return null;
}

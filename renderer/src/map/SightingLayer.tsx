import { useEffect } from 'react';
import { useTranslate } from './use-translate.ts';
import { useLegendEntries } from './legend-context.ts';
import { PANES } from './panes.ts';
import { SightingCanvas } from './sighting-canvas.ts';
import { useMapTheme } from './theme.ts';
import type { MapSighting } from './types.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';

export interface SightingLayerProps {
  sightings: ReadonlyArray<MapSighting>;
  selectedId?: string | null;
  onSelect?: (id: string) => void;
}

/** Reads as circle markers; hover for time/camera/confidence, click to select and see OCR alternatives. */
export function SightingLayer({ sightings, selectedId = null, onSelect }: SightingLayerProps) {
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layer = useCanvasLayer(() => new SightingCanvas(theme));

  useEffect(() => {
    layer.current?.setData(sightings);
  }, [layer, sightings]);
  useEffect(() => {
    layer.current?.setSelected(selectedId);
  }, [layer, selectedId]);
  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  useEffect(() => {
    layer.current?.setInteraction(t, language, onSelect);
  }, [layer, t, language, onSelect]);

  useLegendEntries('sightings', PANES.sightings.zIndex, [
    {
      key: 'sighting',
      label: t('map.legend.sighting'),
      // Sightings coloured per vehicle are explained by the route entries; a single colour is shown here.
      symbol: { kind: 'dot', colour: sightings[0]?.colour ?? theme.accent },
    },
  ]);
  return null;
}

import { useEffect, useMemo } from 'react';
import { useTranslate } from './use-translate.ts';
import type { Camera } from '../../../common/read.ts';
import { GapCanvas } from './gap-canvas.ts';
import { useLegendEntries } from './legend-context.ts';
import { coverageGaps, type CameraOutage, type TimeWindow } from './outage.ts';
import { PANES } from './panes.ts';
import { useMapTheme } from './theme.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';

export interface CoverageGapLayerProps {
  cameras: ReadonlyArray<Camera>;
  /** Outages reported apart from the cameras; merged with each camera's own `outages`. */
  outages?: ReadonlyArray<CameraOutage>;
  /** The investigation window: cameras down at any moment of it are shaded. */
  window: TimeWindow;
}

/** Translucent halos where cameras were down during the window: no read there is no evidence of absence. */
export function CoverageGapLayer({ cameras, outages = [], window }: CoverageGapLayerProps) {
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layer = useCanvasLayer(() => new GapCanvas(theme));
  const from = String(window.from instanceof Date ? window.from.toISOString() : window.from);
  const to = String(window.to instanceof Date ? window.to.toISOString() : window.to);
  const gaps = useMemo(
    () => coverageGaps(cameras, outages, { from, to }),
    [cameras, outages, from, to],
  );

  useEffect(() => {
    layer.current?.setData(gaps, { from, to });
  }, [layer, gaps, from, to]);
  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  useEffect(() => {
    layer.current?.setInteraction(t, language);
  }, [layer, t, language]);

  useLegendEntries('gaps', PANES.gaps.zIndex, [
    {
      key: 'gap',
      label: `${t('map.legend.gap')} (${gaps.length})`,
      symbol: { kind: 'halo', colour: theme.gap },
    },
  ]);
  return null;
}

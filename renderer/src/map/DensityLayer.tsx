import { useEffect } from 'react';
import { useTranslate } from './use-translate.ts';
import { DensityCanvas, type DensityCount } from './density-canvas.ts';
import { useLegendEntries } from './legend-context.ts';
import { PANES } from './panes.ts';
import { useMapTheme } from './theme.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';

export interface DensityLayerProps {
  counts: ReadonlyArray<DensityCount>;
}

/** Proportional circles (area ∝ count), e.g. reads per camera for "which vehicles passed here". */
export function DensityLayer({ counts }: DensityLayerProps) {
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layer = useCanvasLayer(() => new DensityCanvas(theme));

  useEffect(() => {
    layer.current?.setData(counts);
  }, [layer, counts]);
  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  useEffect(() => {
    layer.current?.setInteraction(t, language);
  }, [layer, t, language]);

  useLegendEntries('density', PANES.density.zIndex, [
    {
      key: 'density',
      label: t('map.legend.density'),
      symbol: { kind: 'circle', colour: theme.density },
    },
  ]);
  return null;
}

import { useEffect, useMemo, useState } from 'react';
import { useTranslate } from './use-translate.ts';
import { useLegendEntries, type LegendEntry } from './legend-context.ts';
import { assignRouteColours } from './palette.ts';
import { PANES } from './panes.ts';
import { IMPLAUSIBLE_KMH, type RouteInput } from './route.ts';
import { RouteCanvas } from './route-canvas.ts';
import { useMapTheme } from './theme.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';

export interface RouteLayerProps {
  routes: ReadonlyArray<RouteInput>;
  /** Timeline playback: only sightings taken at or before this instant are drawn. */
  upTo?: Date;
}

/** The colour each route is drawn in (input order), e.g. to colour its sightings the same. */
export function useRouteColours(routes: ReadonlyArray<{ colour?: string }>): string[] {
  const theme = useMapTheme();
  return useMemo(() => assignRouteColours(routes, theme.routes), [routes, theme.routes]);
}

/** Time-ordered routes, one colour per vehicle, direction arrows, speed per segment on hover. */
export function RouteLayer({ routes, upTo }: RouteLayerProps) {
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layer = useCanvasLayer(() => new RouteCanvas(theme));
  const upToMs = upTo?.getTime();

  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  const [implausible, setImplausible] = useState(false);
  useEffect(() => {
    layer.current?.setRoutes(routes);
    setImplausible(layer.current?.hasImplausible() ?? false);
  }, [layer, routes]);
  useEffect(() => {
    layer.current?.setUpTo(upToMs === undefined ? undefined : new Date(upToMs));
  }, [layer, upToMs]);
  useEffect(() => {
    layer.current?.setInteraction(t, language);
  }, [layer, t, language]);

  const colours = useRouteColours(routes);
  const entries: LegendEntry[] = routes.map((r, i) => ({
    key: `route-${i}`,
    label: r.plate,
    symbol: { kind: 'line', colour: colours[i]! },
  }));
  if (implausible)
    entries.push({
      key: 'route-implausible',
      label: `${t('map.legend.implausible')} (> ${IMPLAUSIBLE_KMH} km/h)`,
      symbol: { kind: 'line', colour: theme.down, dashed: true },
    });
  useLegendEntries('routes', PANES.routes.zIndex, entries);
  return null;
}

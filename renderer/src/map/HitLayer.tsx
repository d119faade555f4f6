import { useEffect } from 'react';
import { HitCanvas } from './hit-canvas.ts';
import { useLegendEntries } from './legend-context.ts';
import { PANES } from './panes.ts';
import { useMapTheme } from './theme.ts';
import type { MapHotlistHit } from './types.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';
import { useTranslate } from './use-translate.ts';

/** Category numbers in order; '—' (no category) last. */
const byNumber = (a: string, b: string) =>
  (a === '—' ? Infinity : Number(a)) - (b === '—' ? Infinity : Number(b));

export interface HitLayerProps {
  hits: ReadonlyArray<MapHotlistHit>;
  selectedId?: string | null;
  onSelect?: (id: string) => void;
}

/**
 * Hotlist hits of the case (#14): a ring per hit read, coloured by its
 * category's group. The legend names the categories of each colour, and only
 * while there are hits: an empty entry would suggest a check that found nothing.
 */
export function HitLayer({ hits, selectedId = null, onSelect }: HitLayerProps) {
  const theme = useMapTheme();
  const { t, language } = useTranslate();
  const layer = useCanvasLayer(() => new HitCanvas(theme));

  useEffect(() => {
    layer.current?.setData(hits);
  }, [layer, hits]);
  useEffect(() => {
    layer.current?.setSelected(selectedId);
  }, [layer, selectedId]);
  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  useEffect(() => {
    layer.current?.setInteraction(t, language, onSelect);
  }, [layer, t, language, onSelect]);

  // One entry per colour (a group of categories), naming its categories by number:
  // the full names are in the tooltip, the table and the read's details.
  const byColour = new Map<string, { codes: Set<string>; count: number }>();
  for (const hit of hits) {
    let e = byColour.get(hit.colour);
    if (!e) byColour.set(hit.colour, (e = { codes: new Set(), count: 0 }));
    e.codes.add(hit.code || '—');
    e.count++;
  }
  useLegendEntries(
    'hits',
    PANES.hits.zIndex,
    [...byColour]
      .map(([colour, e]) => ({ colour, count: e.count, codes: [...e.codes].sort(byNumber) }))
      .sort((a, b) => byNumber(a.codes[0]!, b.codes[0]!))
      .map(({ colour, count, codes }) => ({
        key: `hit:${colour}`,
        label: t('map.legend.hit', { categories: codes.join(', '), count }),
        symbol: { kind: 'ring' as const, colour },
      })),
  );
  return null;
}

/** Layers declare their legend entries; MapView collects them for <Legend>. */
import { createContext, useContext, useEffect } from 'react';

export type LegendSymbol =
  | { kind: 'dot'; colour: string }
  | { kind: 'cluster'; colours: string[] }
  | { kind: 'line'; colour: string; dashed?: boolean }
  | { kind: 'halo'; colour: string }
  | { kind: 'circle'; colour: string }
  | { kind: 'ring'; colour: string }
  | { kind: 'shield' };

export interface LegendEntry {
  key: string;
  label: string;
  symbol: LegendSymbol;
}

export interface LegendRegistry {
  set(owner: string, order: number, entries: LegendEntry[] | null): void;
}

export const LegendContext = createContext<LegendRegistry | null>(null);

/**
 * Registers a layer's entries while it is mounted. `order` sorts groups
 * (higher first, like the stacking on the map).
 */
export function useLegendEntries(owner: string, order: number, entries: LegendEntry[]): void {
  const registry = useContext(LegendContext);
  // Entries are compared by content: a new array with the same entries does not re-render the legend.
  const key = JSON.stringify(entries);
  useEffect(() => {
    registry?.set(owner, order, JSON.parse(key) as LegendEntry[]);
  }, [registry, owner, order, key]);
  useEffect(() => () => registry?.set(owner, order, null), [registry, owner, order]);
}

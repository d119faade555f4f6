/**
 * The map's colours, derived from the app's CSS theme tokens (styles.css) so
 * the map follows light/dark with the rest of the UI. Canvas cannot read CSS
 * variables, hence this translation; the hook re-reads them when
 * `<html data-theme>` changes.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { mix, withAlpha } from './colour.ts';
import { ROUTE_PALETTE, type ThemeName } from './palette.ts';

export interface MapTheme {
  name: ThemeName;
  font: string;
  sea: string;
  /** Land of the detail countries (Belgium and neighbours). */
  land: string;
  /** Land of the rest of the world: a step towards the sea so the focus area stands out. */
  landOther: string;
  coast: string;
  border: string;
  motorway: string;
  motorwayCasing: string;
  text: string;
  textMuted: string;
  /** Halo behind labels and casing under lines, so both read on any background. */
  halo: string;
  surface: string;
  accent: string;
  up: string;
  down: string;
  unknown: string;
  warn: string;
  gap: string;
  density: string;
  routes: ReadonlyArray<string>;
}

/** Tokens as defined in styles.css; used when a variable is missing (tests, demo). */
const FALLBACK: Record<ThemeName, Record<string, string>> = {
  light: {
    '--bg': '#f3f5f8',
    '--surface': '#ffffff',
    '--surface-2': '#eef1f5',
    '--border': '#d5dbe3',
    '--text': '#17202b',
    '--muted': '#566374',
    '--accent': '#1f5fbf',
    '--danger': '#b3261e',
    '--warn': '#8a5a00',
    '--ok': '#1e7b45',
    '--font': 'system-ui, sans-serif',
  },
  dark: {
    '--bg': '#0f141a',
    '--surface': '#171e27',
    '--surface-2': '#1e2732',
    '--border': '#2c3745',
    '--text': '#e4e9ef',
    '--muted': '#9aa7b6',
    '--accent': '#6ea8ff',
    '--danger': '#ff8a80',
    '--warn': '#ffcc66',
    '--ok': '#6fd39a',
    '--font': 'system-ui, sans-serif',
  },
};

/** Pure: the map theme from a lookup of CSS variables. */
export function mapThemeFrom(
  name: ThemeName,
  lookup: (variable: string) => string | undefined,
): MapTheme {
  const v = (k: string): string => {
    const value = lookup(k)?.trim();
    return value ? value : FALLBACK[name][k]!;
  };
  const dark = name === 'dark';
  const surface = v('--surface');
  const accent = v('--accent');
  const land = dark ? mix(surface, v('--surface-2'), 0.6) : surface;
  const sea = dark ? mix(v('--bg'), accent, 0.07) : mix(v('--surface-2'), accent, 0.13);
  return {
    name,
    font: v('--font'),
    sea,
    land,
    landOther: mix(land, sea, dark ? 0.45 : 0.4),
    coast: mix(sea, accent, dark ? 0.25 : 0.3),
    border: mix(land, v('--muted'), dark ? 0.55 : 0.6),
    motorway: dark ? mix('#d8a24a', land, 0.35) : '#e3a340',
    motorwayCasing: dark ? mix(land, '#000000', 0.3) : mix('#e3a340', '#5a3a00', 0.35),
    text: v('--text'),
    textMuted: v('--muted'),
    halo: withAlpha(land, 0.88),
    surface,
    accent,
    up: v('--ok'),
    down: v('--danger'),
    unknown: v('--muted'),
    warn: v('--warn'),
    gap: v('--danger'),
    density: accent,
    routes: ROUTE_PALETTE[name],
  };
}

export function currentThemeName(): ThemeName {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function readMapTheme(): MapTheme {
  const style = getComputedStyle(document.documentElement);
  return mapThemeFrom(currentThemeName(), (k) => style.getPropertyValue(k));
}

/** The current map theme, updated when the app switches light/dark. */
export function useMapThemeState(): MapTheme {
  const [theme, setTheme] = useState(readMapTheme);
  useEffect(() => {
    // A new object only when a colour changed: every layer redraws on a new theme.
    const update = () =>
      setTheme((prev) => {
        const next = readMapTheme();
        return JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
      });
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'style', 'class'],
    });
    update();
    return () => observer.disconnect();
  }, []);
  return theme;
}

export const MapThemeContext = createContext<MapTheme | null>(null);

/** The theme provided by MapView (layers are always inside one). */
export function useMapTheme(): MapTheme {
  const theme = useContext(MapThemeContext);
  if (!theme) throw new Error('map layers must be rendered inside <MapView>');
  return theme;
}

/**
 * One colour per vehicle on the map. Each theme has its own palette: deep
 * tones on the light basemap, light tones on the dark one, all at least 3:1
 * against the land colour (WCAG non-text contrast, tested). Reds, pinks and
 * greens are left out on purpose: they mean "camera down" and "camera up".
 * Beyond six or seven vehicles colours repeat; a case that needs more passes
 * explicit colours.
 */

export const ROUTE_PALETTE = {
  light: ['#8e24aa', '#d35400', '#00838f', '#c2185b', '#3949ab', '#6d4c41', '#827717'],
  dark: ['#d69cf0', '#ffab40', '#4dd0e1', '#9fa8ff', '#d7b8a6', '#dce775'],
} as const;

export type ThemeName = keyof typeof ROUTE_PALETTE;

/**
 * Colours for routes in input order: an explicit `colour` is kept, the others
 * take palette colours in order, skipping those already taken explicitly, and
 * only wrap around when there are more vehicles than colours.
 */
export function assignRouteColours(
  routes: ReadonlyArray<{ colour?: string | undefined }>,
  palette: ReadonlyArray<string>,
): string[] {
  const taken = new Set(routes.map((r) => r.colour?.toLowerCase()).filter((c): c is string => !!c));
  const free = palette.filter((c) => !taken.has(c.toLowerCase()));
  const pool = free.length ? free : [...palette];
  let next = 0;
  return routes.map((r) => r.colour ?? pool[next++ % pool.length]!);
}

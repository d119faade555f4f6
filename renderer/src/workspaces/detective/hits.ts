/**
 * Hotlist hits as the detective sees them (#14): a hit's category named by the
 * policy pack in the UI language, its colour group on the map, and what a pull
 * brought. Pure: the pack and the language are passed in.
 */
import type { HotlistCategory, PolicyPack } from '../../../../common/policy.ts';

export type HitCategories = ReadonlyArray<HotlistCategory>;

/** The pack's hotlist categories; none when the pack defines no lists. */
export function hitCategoriesOf(pack: PolicyPack | null | undefined): HitCategories {
  return pack?.hotlistCategories?.categories ?? [];
}

/**
 * "10 · SIS II alert: discreet or specific check (art. 36)": the number the
 * lists use, and the pack's label in the UI language (English when the pack
 * has none in that language). A number the pack does not know is shown alone,
 * so a hit is never hidden for want of a label; null when the hit has no category.
 */
export function hitCategoryLabel(
  categories: HitCategories,
  category: number | null | undefined,
  language: string,
): string | null {
  if (category === null || category === undefined) return null;
  const known = categories.find((c) => c.id === category);
  if (!known) return String(category);
  const lang = language.slice(0, 2) as keyof HotlistCategory['label'];
  return `${category} · ${known.label[lang] ?? known.label.en}`;
}

/**
 * Colour group of a category on the map: the packs number their categories
 * from the least to the most serious (vehicle documents, stolen or false
 * plates, judicial and SIS signals, serious crime), so bands of numbers keep
 * like with like. 0 for a hit without a category.
 */
export function hitGroup(category: number | null | undefined): 0 | 1 | 2 | 3 | 4 {
  if (category === null || category === undefined) return 0;
  if (category <= 3) return 1;
  if (category <= 8) return 2;
  if (category <= 11) return 3;
  return 4;
}

/** Colours of the groups (index = group), distinct from route colours and readable on both themes. */
export const HIT_GROUP_COLOURS = ['#6b7280', '#d97706', '#c026d3', '#dc2626', '#7f1d1d'] as const;

export function hitColour(category: number | null | undefined): string {
  return HIT_GROUP_COLOURS[hitGroup(category)];
}

export interface PullHitSummary {
  count: number;
  /** Categories in ascending order with their hits; null (no category) last. */
  categories: Array<{ category: number | null; count: number }>;
}

/** How many hotlist hits a pull stored and of which categories; null when none. */
export function pullHitSummary(
  hits: ReadonlyArray<{ category: number | null; count: number }> | undefined,
): PullHitSummary | null {
  const list = (hits ?? []).filter((h) => h.count > 0);
  if (list.length === 0) return null;
  const counts = new Map<number | null, number>();
  for (const h of list) counts.set(h.category, (counts.get(h.category) ?? 0) + h.count);
  const categories = [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => (a.category === null ? 1 : b.category === null ? -1 : a.category - b.category));
  return { count: list.reduce((n, h) => n + h.count, 0), categories };
}

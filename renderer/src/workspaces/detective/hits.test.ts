import { describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../../../common/policy.ts';
import { hitCategoriesOf, hitCategoryLabel, hitColour, hitGroup, pullHitSummary } from './hits.ts';

const be = hitCategoriesOf(POLICY_PACKS.be);
const dk = hitCategoriesOf(POLICY_PACKS.dk);

describe('hit category label', () => {
  it('names a hit by its number and the pack’s label in the officer’s language', () => {
    expect(hitCategoryLabel(be, 2, 'en')).toBe('2 · No valid motor insurance');
    expect(hitCategoryLabel(be, 2, 'nl')).toBe(
      `2 · ${POLICY_PACKS.be.hotlistCategories!.categories[1]!.label.nl}`,
    );
    expect(hitCategoryLabel(be, 2, 'fr-BE')).toBe(
      `2 · ${POLICY_PACKS.be.hotlistCategories!.categories[1]!.label.fr}`,
    );
  });

  it('uses each pack’s own list: the same number means what that pack says', () => {
    const dk4 = POLICY_PACKS.dk.hotlistCategories!.categories.find((c) => c.id === 4)!;
    expect(hitCategoryLabel(dk, 4, 'en')).toBe(`4 · ${dk4.label.en}`);
    expect(hitCategoryLabel(dk, 4, 'en')).not.toBe(hitCategoryLabel(be, 4, 'en'));
  });

  it('falls back to English for a language the pack has no label in', () => {
    expect(hitCategoryLabel(be, 2, 'de')).toBe('2 · No valid motor insurance');
  });

  it('still shows a number the pack does not know, and nothing for a hit without category', () => {
    expect(hitCategoryLabel(be, 13, 'en')).toMatch(/^13 · /);
    expect(hitCategoryLabel([], 7, 'en')).toBe('7');
    expect(hitCategoryLabel(be, null, 'en')).toBeNull();
    expect(hitCategoryLabel(be, undefined, 'en')).toBeNull();
  });

  it('every category of both packs has a label in NL, FR and EN', () => {
    for (const list of [be, dk])
      for (const c of list)
        for (const lang of ['nl', 'fr', 'en'])
          expect(hitCategoryLabel(list, c.id, lang)).toMatch(new RegExp(`^${c.id} · .+`));
  });
});

describe('hit colour groups', () => {
  it('keeps like categories together and tells the bands apart', () => {
    expect([1, 2, 3].map(hitGroup)).toEqual([1, 1, 1]);
    expect(hitGroup(5)).toBe(2);
    expect(hitGroup(10)).toBe(3);
    expect(hitGroup(13)).toBe(4);
    expect(hitGroup(null)).toBe(0);
    expect(new Set([null, 2, 5, 10, 13].map((c) => hitColour(c))).size).toBe(5);
  });
});

describe('what a pull brought', () => {
  it('counts the hits per category, categories in order and uncategorised last', () => {
    expect(
      pullHitSummary([
        { category: null, count: 1 },
        { category: 10, count: 2 },
        { category: 2, count: 3 },
        { category: 10, count: 1 },
      ]),
    ).toEqual({
      count: 7,
      categories: [
        { category: 2, count: 3 },
        { category: 10, count: 3 },
        { category: null, count: 1 },
      ],
    });
  });

  it('is nothing for a pull without hits, or from a workstation that does not count them', () => {
    expect(pullHitSummary([])).toBeNull();
    expect(pullHitSummary(undefined)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { legalBasesOf, legalBasisFor, parsePolicyPack, POLICY_PACKS } from './policy.ts';

/**
 * The legal bases a case may be created on (#14): the Danish list is the five
 * uses of ANPG § 7, the Belgian one the pack's own; anything else is refused.
 */
describe('legal bases of the policy packs', () => {
  it('takes the Danish list from the § 7 uses, so the two can never drift apart', () => {
    const dk = POLICY_PACKS.dk;
    expect(legalBasesOf(dk).map((b) => [b.id, b.provision])).toEqual(
      dk.offences.types.map((o) => [o.id, o.legalBasis]),
    );
    expect(legalBasesOf(dk).map((b) => b.provision)).toEqual([
      'ANPG executive order § 7, nr. 1',
      'ANPG executive order § 7, nr. 2',
      'ANPG executive order § 7, nr. 3',
      'ANPG executive order § 7, nr. 4',
      'ANPG executive order § 7, nr. 5',
    ]);
  });

  it('accepts a basis of the list for its purpose and refuses free text, another pack’s or another purpose’s', () => {
    expect(legalBasisFor(POLICY_PACKS.dk, 'administrative', 'dk-7-4')).toMatchObject({
      ok: true,
      basis: { provision: 'ANPG executive order § 7, nr. 4' },
    });
    const freeText = legalBasisFor(POLICY_PACKS.dk, 'judicial', 'suspicion of something');
    expect(freeText).toEqual({
      ok: false,
      problem: expect.stringContaining('pick one of dk-7-1, dk-7-2, dk-7-3, dk-7-4, dk-7-5'),
    });
    expect(legalBasisFor(POLICY_PACKS.dk, 'judicial', 'be-judicial-inquiry').ok).toBe(false);
    expect(legalBasisFor(POLICY_PACKS.be, 'administrative', 'be-judicial-inquiry')).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /does not fit a administrative case: pick one of be-administrative/,
      ),
    });
  });

  it('refuses a pack that both lists bases and derives them, or lists one id twice', () => {
    const be = POLICY_PACKS.be;
    expect(() =>
      parsePolicyPack({ ...be, legalBases: { ...be.legalBases!, fromOffenceTypes: true } }),
    ).toThrow(/legalBases/);
    const [first] = be.legalBases!.bases;
    expect(() =>
      parsePolicyPack({ ...be, legalBases: { ...be.legalBases!, bases: [first, first] } }),
    ).toThrow(/legal basis ids must be unique/);
  });
});

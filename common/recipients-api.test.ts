import { describe, expect, it } from 'vitest';
import { POLICY_PACKS, privateRecipientsAllowed } from './policy.ts';
import { recipientRefusal, RegisterKind } from './recipients-api.ts';

/**
 * The one rule both sides apply to a register entry (#14 item 6), under the
 * Belgian and the Danish packs: neither allows a private recipient, and
 * both let any authority kind receive, whatever country or name.
 */
describe.each(['be', 'dk'] as const)('recipient rule (%s)', (policy) => {
  const allowed = privateRecipientsAllowed(POLICY_PACKS[policy]);

  it('refuses a private entry whatever its name, even one that sounds like an authority', () => {
    for (const name of ['Allianz Benelux', 'Police Mutual', 'Parquet Services SRL', 'G4S'])
      expect(recipientRefusal({ name, kind: 'private', retiredAt: null }, allowed)).toMatch(
        /private party/,
      );
  });

  it("accepts every authority kind, a US prosecutor's office named 'Attorney' included", () => {
    for (const kind of RegisterKind.options.filter((k) => k !== 'private'))
      expect(
        recipientRefusal(
          { name: "King County Prosecuting Attorney's Office", kind, retiredAt: null },
          allowed,
        ),
      ).toBeNull();
  });

  it('refuses a retired entry, saying since when', () => {
    expect(
      recipientRefusal(
        {
          name: 'Politie Eenheid Zeeland-West-Brabant',
          kind: 'police',
          retiredAt: '2026-06-30T12:00:00.000Z',
        },
        allowed,
      ),
    ).toMatch(/retired .* 2026-06-30/);
  });
});

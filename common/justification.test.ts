import { describe, expect, it } from 'vitest';
import { Justification } from './case.ts';
import {
  GOOD_JUSTIFICATION,
  isKeyboardRun,
  justificationProblem,
  justificationWarnings,
  personalDataIn,
  type JustificationProblemCode,
} from './justification.ts';

/**
 * The rule every side runs on a justification (platform request, workstation
 * call, the field as typed): texts that were found to pass before and carry
 * nothing are refused with a message that says what to write; the kind of
 * texts officers do write still pass, in each of the workstation's languages.
 */

const VAGUE: ReadonlyArray<[string, JustificationProblemCode]> = [
  ['test test test test test', 'repeated'],
  ['asdf asdf asdf asdf asdf', 'keyboard-run'],
  ['qwerty qwerty qwerty uiop', 'keyboard-run'],
  ['.. .. .. .. .. .. .. .. ..', 'filler'],
  ['-- ?? !! -- ?? !! -- ?? !! --', 'filler'],
  ['aaaaaaaaaaaaaaaaaaaaaaaa', 'keyboard-run'],
  ['1234567890 1234567890', 'keyboard-run'],
  ['check check check the plate', 'repeated'],
  ['for the case, as needed', 'too-few-words'],
  ['investigation of the case', 'too-few-words'],
  ['lorem ipsum dolor sit amet', 'too-few-words'],
  ['test for the case please', 'too-few-words'],
  ['routine', 'too-short'],
  ['   check plate now    ', 'too-short'],
];

const GOOD: readonly string[] = [
  "Burglary series Rue Haute: the suspect's van was seen near the scene on 3 May; this pull traces its route that night",
  'Convoy check: which vehicles travelled with the suspect van during the burglaries',
  'Woninginbraken Rue Haute: verdachte bestelwagen gezien bij de plaats van de feiten, route nagaan',
  'Cambriolages rue Haute : la camionnette du suspect a été vue près des lieux, reconstituer son trajet',
  'Indbrudsserie: mistænkt varevogn set ved gerningsstedet, rute samme nat skal kortlægges',
  'Stolen plate reported 12/05, locate the clone before the next robbery',
  'Hit-and-run on the E40 at 02:10: which vehicles passed camera 17 around the collision',
];

describe('justification quality', () => {
  it.each(VAGUE)('refuses %j (%s) and says what a good justification names', (text, code) => {
    const p = justificationProblem(text);
    expect(p?.code).toBe(code);
    expect(p?.message).toContain(GOOD_JUSTIFICATION);
    expect(p?.message).toMatch(/offence/);
    expect(p?.message).toMatch(/fact of the case/);
    expect(p?.message).toMatch(/why this query/);
    // The shared schema refuses with the same message (what platform and workstation answer).
    const parsed = Justification.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(p?.message);
  });

  it.each(GOOD.map((t) => [t]))('accepts %j', (text) => {
    expect(justificationProblem(text)).toBeNull();
    expect(Justification.safeParse(text).success).toBe(true);
  });

  it('trims before judging and keeps the trimmed text', () => {
    const parsed = Justification.safeParse(`  ${GOOD[1]}\n`);
    expect(parsed.success && parsed.data).toBe(GOOD[1]);
  });

  it('tells keyboard runs from short words', () => {
    for (const run of ['asdf', 'qwerty', 'azerty', 'zxcv', 'abcdef', '4321', 'fdsa', 'zzzz'])
      expect(isKeyboardRun(run), run).toBe(true);
    // "tre" (Danish three) is a reversed run of three keys; "van", "car" are not runs at all.
    for (const word of ['tre', 'van', 'car', 'route', 'suspect', 'convoy', '2026'])
      expect(isKeyboardRun(word), word).toBe(false);
  });
});

describe('personal data in a justification', () => {
  it.each([
    ['Owner 85.07.30-033.28 drives the van to the scene', 'national-register-number'],
    ['Owner CPR 300785-1234 drives the van to the scene', 'cpr-number'],
    ['Ask jan.peeters@example.be about the van near the scene', 'email'],
    ['Witness called from 0475 12 34 56 about the van at the scene', 'phone'],
    ['Witness called from +32 475 12 34 56 about the van at the scene', 'phone'],
    ['Suspect van 1-ABC-123 seen near the scene of the burglary', 'plate'],
    ['Danish van AB 12 345 seen near the scene of the burglary', 'plate'],
    ['French car AB-123-CD seen near the scene of the burglary', 'plate'],
  ] as const)('warns about %j (%s), without refusing it', (text, kind) => {
    const warnings = justificationWarnings(text);
    expect(warnings.map((w) => w.kind)).toContain(kind);
    expect(warnings[0]?.message).toMatch(/kept for years/);
    expect(justificationProblem(text)).toBeNull();
  });

  it("leaves plates out of the supervisor's personal-data flag", () => {
    expect(personalDataIn('Suspect van 1-ABC-123 seen near the scene of the burglary')).toEqual([]);
  });

  it('stays quiet on case numbers, dates, times and article numbers', () => {
    const text =
      'Case BR.12.LL.2026/1234, burglary (art. 467 Sw.) on 03-05-2026 at 02:10: trace the suspect van';
    expect(personalDataIn(text)).toEqual([]);
    expect(justificationWarnings(text)).toEqual([]);
  });
});

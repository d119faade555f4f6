import { Justification } from '../../common/case.ts';

/**
 * What a supervisor looks for in the free text of a justification: too
 * short to mean anything, copied boilerplate, or personal data typed into a
 * field that is kept for years and read by many. Detection is deliberately
 * conservative: a national number must pass its checksum, an IBAN its mod-97.
 */

/** True when the text would not pass today's justification rule (common/justification.ts). */
export function isTooShort(text: string | null): boolean {
  return !text || !Justification.safeParse(text).success;
}

/**
 * The shape of a text once case numbers, dates and spacing are set aside:
 * two justifications with the same shape were copied from one another.
 */
export function boilerplateKey(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[0-9]+/g, '#')
    .replace(/[^a-z#]+/g, ' ')
    .trim();
}

// One detector for the officer's warning as typed and the supervisor's flag.
export {
  isBelgianNationalNumber,
  isDanishCpr,
  personalDataIn,
  PERSONAL_DATA_LABELS,
  type PersonalDataKind,
} from '../../common/justification.ts';

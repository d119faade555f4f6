/**
 * Number plates in real national formats, and the OCR confusions ANPR cameras
 * make between look-alike characters.
 */
import { LOOKALIKE_CLASSES } from '../../common/plates.ts';
import type { Rng } from './prng.ts';

export interface PlateDraw {
  /** Normalised: upper case, no separators. */
  plate: string;
  /** As printed on the plate. */
  display: string;
  country: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Dutch plates use no vowels and no C/Q.
const NL_LETTERS = 'BDFGHJKLNPRSTVXZ';
// French SIV plates exclude I, O and U.
const FR_LETTERS = 'ABCDEFGHJKLMNPQRSTVWXYZ';
const DE_DISTRICTS = [
  'AC',
  'K',
  'D',
  'DN',
  'DU',
  'E',
  'MG',
  'KR',
  'NE',
  'BN',
  'SU',
  'EU',
  'HS',
  'VIE',
  'BIT',
  'TR',
  'HH',
  'B',
  'M',
  'F',
  'S',
  'DO',
  'BO',
  'KA',
];
const PL_DISTRICTS = ['WA', 'WE', 'KR', 'PO', 'GD', 'DW', 'LU', 'SK', 'EL', 'ZS'];
const RO_DISTRICTS = ['B', 'CJ', 'TM', 'IS', 'BV', 'CT', 'AG', 'BH'];

function letters(rng: Rng, n: number, alphabet = LETTERS): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

function digits(rng: Rng, n: number, firstNonZero = false): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(i === 0 && firstNonZero ? 1 + rng.int(9) : rng.int(10));
  return s;
}

export function drawPlate(rng: Rng, country: string): PlateDraw {
  switch (country) {
    case 'BE': {
      // Series 1-xxx-nnn since 2010, 2-xxx-nnn from 2021.
      const d = rng.chance(0.7) ? '1' : '2';
      const l = letters(rng, 3);
      const n = digits(rng, 3);
      return { plate: `${d}${l}${n}`, display: `${d}-${l}-${n}`, country };
    }
    case 'NL': {
      const side = rng.int(5);
      const L = (k: number): string => letters(rng, k, NL_LETTERS);
      const parts =
        side === 0
          ? [digits(rng, 2, true), L(3), digits(rng, 1)] // sidecode 7: 99-XXX-9
          : side === 1
            ? [digits(rng, 1, true), L(3), digits(rng, 2)] // 8: 9-XXX-99
            : side === 2
              ? [L(2), digits(rng, 3, true), L(1)] // 9: XX-999-X
              : side === 3
                ? [L(1), digits(rng, 3, true), L(2)] // 10: X-999-XX
                : [L(3), digits(rng, 2, true), L(1)]; // 11: XXX-99-X
      return { plate: parts.join(''), display: parts.join('-'), country };
    }
    case 'FR': {
      const a = letters(rng, 2, FR_LETTERS);
      const n = digits(rng, 3, true);
      const b = letters(rng, 2, FR_LETTERS);
      return { plate: `${a}${n}${b}`, display: `${a}-${n}-${b}`, country };
    }
    case 'DE': {
      const dist = rng.pick(DE_DISTRICTS);
      const l = letters(rng, 1 + rng.int(2));
      const n = digits(rng, 1 + rng.int(4), true);
      return { plate: `${dist}${l}${n}`, display: `${dist} ${l} ${n}`, country };
    }
    case 'LU': {
      const l = letters(rng, 2);
      const n = digits(rng, 4, true);
      return { plate: `${l}${n}`, display: `${l} ${n}`, country };
    }
    case 'DK': {
      const l = letters(rng, 2);
      const n = digits(rng, 5, true);
      return { plate: `${l}${n}`, display: `${l} ${n.slice(0, 2)} ${n.slice(2)}`, country };
    }
    case 'PL': {
      const dist = rng.pick(PL_DISTRICTS);
      const n = digits(rng, 5, true);
      return { plate: `${dist}${n}`, display: `${dist} ${n}`, country };
    }
    case 'RO': {
      const dist = rng.pick(RO_DISTRICTS);
      const n = digits(rng, 2, true);
      const l = letters(rng, 3);
      return { plate: `${dist}${n}${l}`, display: `${dist} ${n} ${l}`, country };
    }
    case 'LT': {
      const l = letters(rng, 3);
      const n = digits(rng, 3, true);
      return { plate: `${l}${n}`, display: `${l} ${n}`, country };
    }
    default:
      throw new Error(`no plate format for ${country}`);
  }
}

/** Each confusable character with its look-alikes (from the shared classes in common/plates.ts). */
export const LOOKALIKES: Readonly<Record<string, string>> = Object.fromEntries(
  LOOKALIKE_CLASSES.flatMap((cls) => cls.map((c) => [c, cls.filter((o) => o !== c).join('')])),
);

/** Positions of a plate that have a look-alike (for picking a misread). */
export function confusablePositions(plate: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < plate.length; i++) if (LOOKALIKES[plate[i] as string]) out.push(i);
  return out;
}

export function confuseAt(rng: Rng, plate: string, pos: number): string {
  const alts = LOOKALIKES[plate[pos] as string] ?? '';
  if (!alts) return plate;
  return plate.slice(0, pos) + alts[rng.int(alts.length)] + plate.slice(pos + 1);
}

import { Justification } from '../../common/case.ts';

/**
 * What a supervisor looks for in the free text of a justification: too
 * short to mean anything, copied boilerplate, or personal data typed into a
 * field that is kept for years and read by many. Detection is deliberately
 * conservative: a national number must pass its checksum, an IBAN its mod-97.
 */

/** True when the text would not pass today's justification rule (≥ 20 characters, ≥ 3 words). */
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

export type PersonalDataKind =
  'national-register-number' | 'cpr-number' | 'email' | 'phone' | 'iban';

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Belgian national register number: YYMMDD SSS CC, CC = 97 - (n mod 97), with a leading 2 for births from 2000. */
export function isBelgianNationalNumber(raw: string): boolean {
  const d = digitsOf(raw);
  if (d.length !== 11) return false;
  const body = d.slice(0, 9);
  const check = Number(d.slice(9));
  const month = Number(d.slice(2, 4));
  // Months 0 (unknown) and +20/+40 (bis numbers) occur; anything else is not a register number.
  if (!(
    (month >= 0 && month <= 12) ||
    (month >= 20 && month <= 32) ||
    (month >= 40 && month <= 52)
  ))
    return false;
  const before2000 = 97 - (Number(body) % 97);
  const after2000 = 97 - (Number('2' + body) % 97);
  return check === before2000 || check === after2000;
}

/** Danish CPR number: DDMMYY-SSSS with a real calendar date (the modulus-11 check was dropped in 2007). */
export function isDanishCpr(raw: string): boolean {
  const d = digitsOf(raw);
  if (d.length !== 10) return false;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function isIban(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

const NRN_RE = /(?<![\d/])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}(?![\d/])/g;
const CPR_RE = /(?<![\d/])\d{6}-?\d{4}(?![\d/])/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE_RE =
  /(?:(?:\+|00)\d{2}[\s./-]?\d(?:[\s./-]?\d){7,9}|(?<![\d/])04\d{2}(?:[\s./-]?\d{2}){3}(?![\d/]))/;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g;

/** Kinds of personal data found in a text (never the data itself). */
export function personalDataIn(text: string | null): PersonalDataKind[] {
  if (!text) return [];
  const found = new Set<PersonalDataKind>();
  for (const m of text.matchAll(NRN_RE))
    if (isBelgianNationalNumber(m[0])) found.add('national-register-number');
  for (const m of text.matchAll(CPR_RE)) {
    if (!found.has('national-register-number') && isDanishCpr(m[0])) found.add('cpr-number');
  }
  if (EMAIL_RE.test(text)) found.add('email');
  if (PHONE_RE.test(text)) found.add('phone');
  for (const m of text.toUpperCase().matchAll(IBAN_RE)) if (isIban(m[0])) found.add('iban');
  return [...found];
}

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  'national-register-number': 'a Belgian national register number',
  'cpr-number': 'a Danish CPR number',
  email: 'an e-mail address',
  phone: 'a telephone number',
  iban: 'a bank account number (IBAN)',
};

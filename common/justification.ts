/**
 * Quality of the free text in which an officer says why (a query's
 * justification, a prosecutor's reasons). One pure rule, run by the platform
 * on every request, by the workstation on every call and by the renderer as
 * the officer types (the `Justification` schema in case.ts applies it), so
 * the three sides can never disagree on what passes.
 *
 * Free text alone was found vague and gamed ("test test test test test",
 * "asdf asdf asdf asdf asdf", ".. .. .. .. .. .. .."): the rule refuses text
 * that carries little information, and says what a good justification names.
 * Personal data typed into the field is only warned about: a supervisor reads
 * these texts for years, but refusing would stop urgent work over a pattern
 * that may be a false positive.
 */

export type JustificationProblemCode =
  'too-short' | 'too-long' | 'filler' | 'keyboard-run' | 'repeated' | 'too-few-words';

export interface JustificationProblem {
  code: JustificationProblemCode;
  /** English, for API errors and logs; the renderer translates by `code`. */
  message: string;
}

export const MIN_JUSTIFICATION_CHARS = 20;
export const MAX_JUSTIFICATION_CHARS = 2000;
/** Distinct content words a justification needs: offence, case fact and purpose take at least this many. */
export const MIN_CONTENT_WORDS = 4;

/** What every refusal adds, so the officer knows what to write instead. */
export const GOOD_JUSTIFICATION =
  'Name the offence, the fact of the case this query follows up, and why this query is needed ' +
  '(for example: "Burglary series Rue Haute: the suspect\'s van was seen near the scene on 3 May; ' +
  'this pull traces its route that night").';

const PROBLEM_TEXT: Record<JustificationProblemCode, string> = {
  'too-short': `The justification is too short (at least ${MIN_JUSTIFICATION_CHARS} characters).`,
  'too-long': `The justification is too long (at most ${MAX_JUSTIFICATION_CHARS} characters).`,
  filler: 'The justification is mostly punctuation or filler.',
  'keyboard-run': 'The justification contains keyboard runs, not words.',
  repeated: 'The justification repeats the same word.',
  'too-few-words': `The justification says too little: it needs at least ${MIN_CONTENT_WORDS} different meaningful words.`,
};

/**
 * Function words of the workstation's languages (EN, NL, FR, DA): they carry
 * grammar, not information, so they do not count towards the content words.
 */
const STOPWORDS = new Set(
  (
    'the a an and or of to in on at for with by from is are was were be been this that these those it its ' +
    'as we i our my not no yes he she they his her their there here so but if then than into over about ' +
    'de het een en of van te in op aan voor met door is zijn was dit dat die deze wij we ik niet geen er ' +
    'om bij naar uit ook als maar dan hij zij ze hun haar ' +
    'le la les un une des du et ou au aux en dans sur pour par avec est sont ce cet cette ces qui que ' +
    'nous je pas ne il elle ils elles son sa ses leur leurs mais donc car ' +
    'og i på af til for med den det et er som vi jeg ikke han hun de der var har'
  ).split(' '),
);

/** Words people type when they have nothing to say. */
const PLACEHOLDERS = new Set(
  (
    'test tests testing tst lorem ipsum dolor blah bla blabla foo bar baz xxx yyy zzz todo tbd ' +
    'dummy asdf qwerty azerty abc abcd xyz etc idk none nothing something stuff whatever ok okay ' +
    'na nvt sans justification reason reden raison begrundelse'
  ).split(' '),
);

/** Keyboard rows (QWERTY, AZERTY), the alphabet and the digits, typed in a run. */
const ROWS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  'qwertzuiop',
  'yxcvbnm',
  '1234567890',
];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Lower-case word tokens (letters and digits of any script). */
function tokensOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * A token typed by sliding along a keyboard row ("asdf", "qwerty", "12345")
 * or the alphabet ("abcdef"), or one key held down ("aaaa"). Reversed runs
 * count from four keys, so short words such as Danish "tre" stay words.
 */
export function isKeyboardRun(token: string): boolean {
  const t = token.toLowerCase();
  if (t.length >= 3 && /^(.)\1+$/u.test(t)) return true;
  if (t.length < 3) return false;
  const reversed = [...t].reverse().join('');
  for (const row of ROWS) {
    if (row.includes(t)) return true;
    if (t.length >= 4 && row.includes(reversed)) return true;
  }
  return t.length >= 4 && ALPHABET.includes(t);
}

/** A token that carries information: not a function word, placeholder or keyboard run. */
function isContentWord(token: string): boolean {
  if (token.length < 3 && !/\p{N}/u.test(token)) return false;
  if (/^\p{N}{1,2}$/u.test(token)) return false;
  return !STOPWORDS.has(token) && !PLACEHOLDERS.has(token) && !isKeyboardRun(token);
}

function problem(code: JustificationProblemCode): JustificationProblem {
  return { code, message: `${PROBLEM_TEXT[code]} ${GOOD_JUSTIFICATION}` };
}

/**
 * Why a justification is refused, or null when it passes. `text` is judged
 * as typed; surrounding white space does not count.
 */
export function justificationProblem(raw: string): JustificationProblem | null {
  const text = raw.trim();
  if (text.length > MAX_JUSTIFICATION_CHARS) return problem('too-long');
  if (text.length < MIN_JUSTIFICATION_CHARS) return problem('too-short');
  const visible = text.replace(/\s+/g, '');
  const wordChars = (visible.match(/[\p{L}\p{N}]/gu) ?? []).length;
  // ".. .. .. .." or "-- ?? !! --": a text that is mostly not letters or digits.
  if (wordChars < visible.length / 2) return problem('filler');
  const tokens = tokensOf(text);
  const runs = tokens.filter(isKeyboardRun).length;
  if (runs > 0 && runs * 2 >= tokens.length) return problem('keyboard-run');
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  // One word making up half the text ("test test test check"): a repetition, not an explanation.
  if (tokens.length >= 4 && most >= 3 && most * 2 >= tokens.length) return problem('repeated');
  const content = new Set(tokens.filter(isContentWord));
  if (content.size < MIN_CONTENT_WORDS) {
    // A text made of placeholders or runs among a few real words says so.
    if (runs > 0 && runs >= content.size) return problem('keyboard-run');
    return problem('too-few-words');
  }
  return null;
}

// ---------------------------------------------------------------------------
// Personal data: warnings, never refusals
// ---------------------------------------------------------------------------

export type PersonalDataKind =
  'national-register-number' | 'cpr-number' | 'email' | 'phone' | 'iban' | 'plate';

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
/**
 * Plates as officers write them: Belgian 1-ABC-123 / ABC-123 / 1ABC123,
 * French AB-123-CD, Danish AB 12 345, Dutch sidecodes with dashes.
 */
const PLATE_RE = new RegExp(
  [
    String.raw`\b[1-9]-?[A-Z]{3}-?\d{3}\b`,
    String.raw`\b[A-Z]{3}-\d{3}\b`,
    String.raw`\b[A-Z]{2}-\d{3}-[A-Z]{2}\b`,
    String.raw`\b[A-Z]{2} ?\d{2} ?\d{3}\b`,
    String.raw`\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}\b`,
  ].join('|'),
);

/**
 * Kinds of personal data found in a text (never the data itself). Plates are
 * left out: the supervisor's flag (platform/oversight) is about data that
 * identifies a person outright; the officer's warning adds plates.
 */
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
  plate: 'a number plate',
};

export interface JustificationWarning {
  kind: PersonalDataKind;
  message: string;
}

/**
 * Warnings for a justification being typed: personal data that does not
 * belong in a text kept for years and read by supervisors. The query's
 * parameters already name its plates; the justification says why.
 */
export function justificationWarnings(text: string): JustificationWarning[] {
  const kinds = personalDataIn(text);
  if (PLATE_RE.test(text.toUpperCase())) kinds.push('plate');
  return kinds.map((kind) => ({
    kind,
    message:
      `The text seems to contain ${PERSONAL_DATA_LABELS[kind]}. ` +
      'The justification is kept for years and read by supervisors: describe the person or vehicle ' +
      'by their role in the case instead (the query itself records the plates it covers).',
  }));
}

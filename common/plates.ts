/**
 * Number plate handling shared by the platform (ingest, search, indexed keys)
 * and the workstation (search boxes, display, masking).
 *
 * The one rule everything here builds on, `normalisePlate`:
 *
 *   A value is *plate-like* when, after trimming and Unicode NFC, it consists
 *   only of plate letters (A-Z, and Ä Ö Ü Æ Ø Å, either case), digits and
 *   separators (whitespace, `-`, `.`, `·`, `_`), and has 1..12 characters once
 *   the separators are removed. A plate-like value is upper-cased and its
 *   separators are removed. A *hex identifier* (only hex digits and `-`, more
 *   than 12 hex digits: a SHA-256/MD5 hex digest, a UUID) is lower-cased.
 *   Anything else (a base64 pseudonym, Cyrillic or Arabic text, a plate with
 *   an unexpected symbol) is returned trimmed and otherwise untouched.
 *
 * Why: the search key must fold the ways an officer or an OCR engine writes
 * the same plate ("1-abc-123", "1 ABC 123") but must never merge two different
 * opaque identifiers. The 12-character limit (the longest national plates are
 * ~10 characters) keeps hashes and UUIDs, which are all longer, out of the
 * folding; and since a normalised plate never contains a separator or a
 * character outside the plate alphabet, no opaque value can equal the normal
 * form of a plate unless it already is that exact string. The one accepted
 * fold: a short (≤ 12) alphanumeric pseudonym is upper-cased like a plate;
 * pseudonyms that short would be trivially reversible anyway.
 *
 * Why hex identifiers fold case and other opaque values do not: in hex, case
 * carries no information (`AB12…` and `ab12…` are the same digest, and
 * exports and officers write it either way: a US release's lower-case hashes
 * were searched in upper case and found nothing), whereas in base64 `q8F` and
 * `Q8f` are different pseudonyms. Lower case because digests are printed that
 * way by sha256sum and most exports, so stored values usually stay byte for
 * byte as delivered. Stores written before this rule are brought in line by
 * a migration (platform `data` v3, case store v4) that selects rows with
 * `hexIdentifierNeedsFoldSql` and re-applies this function.
 */

/** National formats this module recognises (ISO 3166-1 alpha-2). */
export const PLATE_FORMAT_COUNTRIES = ['BE', 'NL', 'FR', 'DE', 'LU', 'DK'] as const;
export type PlateFormatCountry = (typeof PLATE_FORMAT_COUNTRIES)[number];

/** Longest plate (separators removed) still treated as a plate; see the module comment. */
export const MAX_PLATE_CHARS = 12;

/** Letters used on plates beyond A-Z (German umlauts, Nordic letters). */
const PLATE_LETTERS = 'A-Za-zÄÖÜÆØÅäöüæøå';
const SEPARATORS_RE = /[\s\-.·_]/gu;
const PLATE_LIKE_RE = new RegExp(`^[${PLATE_LETTERS}0-9\\s\\-.·_]+$`, 'u');
/** Same as PLATE_LIKE_RE, also admitting the wildcard characters `?` and `*`. */
const PATTERN_LIKE_RE = new RegExp(`^[${PLATE_LETTERS}0-9\\s\\-.·_?*]+$`, 'u');

/** Only hex digits and `-` (a hex digest, a UUID); length is checked separately. */
const HEX_ID_RE = /^[0-9A-Fa-f-]+$/;

/**
 * SQL condition (for column `col`) selecting stored normalised plates that
 * are hex identifiers with an upper-case letter: exactly the stored values
 * `normalisePlate` would now change (stored values are already trimmed).
 * GLOB is case-sensitive, unlike LIKE.
 */
export function hexIdentifierNeedsFoldSql(col: string): string {
  return (
    `(${col} NOT GLOB '*[^0-9A-Fa-f-]*' AND length(replace(${col}, '-', '')) > ${MAX_PLATE_CHARS}` +
    ` AND ${col} GLOB '*[A-F]*')`
  );
}

export function normalisePlate(raw: string): string {
  const trimmed = raw.trim();
  const nfc = trimmed.normalize('NFC');
  if (!PLATE_LIKE_RE.test(nfc)) return trimmed;
  const compact = nfc.replace(SEPARATORS_RE, '');
  if (compact.length === 0) return trimmed;
  if (compact.length > MAX_PLATE_CHARS)
    return HEX_ID_RE.test(trimmed) ? trimmed.toLowerCase() : trimmed;
  return compact.toUpperCase();
}

/** True when `normalisePlate` folds this value as a plate (rather than keeping it opaque). */
export function isPlateLike(raw: string): boolean {
  const nfc = raw.trim().normalize('NFC');
  if (!PLATE_LIKE_RE.test(nfc)) return false;
  const n = nfc.replace(SEPARATORS_RE, '').length;
  return n > 0 && n <= MAX_PLATE_CHARS;
}

// ---------------------------------------------------------------------------
// National formats
// ---------------------------------------------------------------------------

/**
 * Dutch sidecodes 1-11 as letter (L) / digit (D) group shapes. The grouping is
 * what the dashes show on the physical plate. Sidecodes 1-3 predate 1978 and
 * used vowels; later ones avoid some letters, but we stay lenient (any letter)
 * because OCR look-alikes and foreign look-alikes are handled elsewhere.
 */
const NL_SIDECODES: ReadonlyArray<{ sidecode: number; groups: readonly string[] }> = [
  { sidecode: 1, groups: ['LL', 'DD', 'DD'] },
  { sidecode: 2, groups: ['DD', 'DD', 'LL'] },
  { sidecode: 3, groups: ['DD', 'LL', 'DD'] },
  { sidecode: 4, groups: ['LL', 'DD', 'LL'] },
  { sidecode: 5, groups: ['LL', 'LL', 'DD'] },
  { sidecode: 6, groups: ['DD', 'LL', 'LL'] },
  { sidecode: 7, groups: ['DD', 'LLL', 'D'] },
  { sidecode: 8, groups: ['D', 'LLL', 'DD'] },
  { sidecode: 9, groups: ['LL', 'DDD', 'L'] },
  { sidecode: 10, groups: ['L', 'DDD', 'LL'] },
  { sidecode: 11, groups: ['LLL', 'DD', 'L'] },
];
const NL_REGEXES = NL_SIDECODES.map(({ sidecode, groups }) => ({
  sidecode,
  groups,
  re: new RegExp('^' + groups.join('').replace(/L/g, '[A-Z]').replace(/D/g, '[0-9]') + '$'),
}));

/** The Dutch sidecode (1-11) a normalised plate fits, or null. */
export function nlSidecode(plate: string): number | null {
  return NL_REGEXES.find((s) => s.re.test(plate))?.sidecode ?? null;
}

const BE_CURRENT = /^[1-9][A-Z]{3}[0-9]{3}$/; // 1-ABC-123 (since 2010)
const BE_OLD = /^[A-Z]{3}[0-9]{3}$/; // ABC-123 (1973-2010)
const FR_SIV = /^[A-Z]{2}[0-9]{3}[A-Z]{2}$/; // AB-123-CD (since 2009)
const LU_CURRENT = /^[A-Z]{2}[0-9]{4}$/; // AB 1234
const LU_NUMERIC = /^[1-9][0-9]{0,4}$/; // older / personalised numeric plates
const DK_CURRENT = /^[A-Z]{2}[0-9]{5}$/; // AB 12 345
/**
 * Germany: area code (1-3 letters, may contain Ä Ö Ü) + 1-2 letters + 1-4
 * digits without leading zero, at most 8 characters, optional E (electric) or
 * H (historic) suffix. Without separators the split between area code and
 * letters is unknowable, so any 2-5 letters pass.
 */
const DE_CURRENT = /^[A-ZÄÖÜ]{2,5}[1-9][0-9]{0,3}[EH]?$/u;

/** Which national formats a plate fits (in PLATE_FORMAT_COUNTRIES order); [] when none. */
export function detectFormats(plate: string): PlateFormatCountry[] {
  const p = normalisePlate(plate);
  const out: PlateFormatCountry[] = [];
  if (BE_CURRENT.test(p) || BE_OLD.test(p)) out.push('BE');
  if (nlSidecode(p) !== null) out.push('NL');
  if (FR_SIV.test(p)) out.push('FR');
  if (DE_CURRENT.test(p) && p.replace(/[EH]$/, '').length <= 8) out.push('DE');
  if (LU_CURRENT.test(p) || LU_NUMERIC.test(p)) out.push('LU');
  if (DK_CURRENT.test(p)) out.push('DK');
  return out;
}

/**
 * Display form for a country: BE `1-ABC-123` / `ABC-123`, FR `AB-123-CD`, NL
 * dashes per sidecode. Other countries, and plates that do not fit the
 * country's format, are shown in their normalised form (never guessed).
 */
export function formatPlate(plate: string, country: string | null): string {
  const p = normalisePlate(plate);
  switch (country?.toUpperCase()) {
    case 'BE':
      if (BE_CURRENT.test(p)) return `${p.slice(0, 1)}-${p.slice(1, 4)}-${p.slice(4)}`;
      if (BE_OLD.test(p)) return `${p.slice(0, 3)}-${p.slice(3)}`;
      return p;
    case 'FR':
      return FR_SIV.test(p) ? `${p.slice(0, 2)}-${p.slice(2, 5)}-${p.slice(5)}` : p;
    case 'NL': {
      const match = NL_REGEXES.find((s) => s.re.test(p));
      if (!match) return p;
      const parts: string[] = [];
      let at = 0;
      for (const g of match.groups) {
        parts.push(p.slice(at, at + g.length));
        at += g.length;
      }
      return parts.join('-');
    }
    default:
      return p;
  }
}

// ---------------------------------------------------------------------------
// OCR look-alikes
// ---------------------------------------------------------------------------

/**
 * Characters OCR engines confuse on plates. The first member of each class is
 * its representative in `lookalikeKey`.
 */
export const LOOKALIKE_CLASSES: ReadonlyArray<readonly string[]> = [
  ['0', 'O', 'D', 'Q'],
  ['1', 'I'],
  ['2', 'Z'],
  ['5', 'S'],
  ['8', 'B'],
  ['6', 'G'],
];

const REPRESENTATIVE = new Map<string, string>();
for (const cls of LOOKALIKE_CLASSES) for (const c of cls) REPRESENTATIVE.set(c, cls[0]!);

/**
 * A key shared by all look-alike variants of a plate ("1O8-S" and "IOB5"
 * both give "1085"): the platform stores it in an indexed column so a fuzzy
 * search is an equality lookup followed by `lookalikeDistance`.
 */
export function lookalikeKey(plate: string): string {
  let key = '';
  for (const c of normalisePlate(plate)) key += REPRESENTATIVE.get(c) ?? c;
  return key;
}

/**
 * Number of positions where the normalised plates differ, provided every
 * differing pair is a look-alike pair; null when lengths differ or some pair
 * is not (so "no match", not "far away").
 */
export function lookalikeDistance(a: string, b: string): number | null {
  const x = Array.from(normalisePlate(a));
  const y = Array.from(normalisePlate(b));
  if (x.length !== y.length) return null;
  let distance = 0;
  for (let i = 0; i < x.length; i++) {
    const cx = x[i]!;
    const cy = y[i]!;
    if (cx === cy) continue;
    const rx = REPRESENTATIVE.get(cx);
    if (rx === undefined || rx !== REPRESENTATIVE.get(cy)) return null;
    distance++;
  }
  return distance;
}

/** True when `candidate` is `query` up to at most `maxSubstitutions` look-alike substitutions. */
export function fuzzyMatches(query: string, candidate: string, maxSubstitutions: number): boolean {
  const d = lookalikeDistance(query, candidate);
  return d !== null && d <= maxSubstitutions;
}

// ---------------------------------------------------------------------------
// Wildcards
// ---------------------------------------------------------------------------

/**
 * Normalises a wildcard pattern with the plate rule (`?` and `*` count as
 * pattern characters, not as plate characters for the length limit), and
 * collapses runs of `*`. An opaque pattern (e.g. a hash prefix with `+`) is
 * only trimmed, like an opaque plate.
 */
export function normaliseWildcard(pattern: string): string {
  const trimmed = pattern.trim();
  const nfc = trimmed.normalize('NFC');
  let out = trimmed;
  if (PATTERN_LIKE_RE.test(nfc)) {
    const compact = nfc.replace(SEPARATORS_RE, '');
    const literal = compact.replace(/[?*]/g, '').length;
    if (compact.length > 0 && literal <= MAX_PLATE_CHARS) out = compact.toUpperCase();
  }
  return out.replace(/\*+/g, '*');
}

/**
 * SQLite's LIKE folds ASCII letters only; the JS matcher does the same so a
 * wildcard search gives identical results in SQL and in memory.
 */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/**
 * `1-AB?-12*`: `?` is exactly one character, `*` any run (also empty);
 * separators are ignored on both sides because both are normalised.
 */
export function compileWildcard(pattern: string): (plate: string) => boolean {
  const p = asciiUpper(normaliseWildcard(pattern));
  let source = '^';
  for (const c of p) {
    if (c === '?') source += '.';
    else if (c === '*') source += '.*';
    else source += c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const re = new RegExp(source + '$', 'su');
  return (plate) => re.test(asciiUpper(normalisePlate(plate)));
}

/**
 * The same pattern as an SQL LIKE operand against the normalised plate
 * column: `plate LIKE ? ESCAPE ?` with `[like, escape]`. Literal `%`, `_` and
 * the escape character itself are escaped so they only match themselves.
 */
export function wildcardToSqlLike(pattern: string): { like: string; escape: string } {
  const escape = '\\';
  let like = '';
  for (const c of normaliseWildcard(pattern)) {
    if (c === '?') like += '_';
    else if (c === '*') like += '%';
    else if (c === '%' || c === '_' || c === escape) like += escape + c;
    else like += c;
  }
  return { like, escape };
}

// ---------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------

/**
 * Bystander masking: the first two characters of the normalised plate stay,
 * every other character becomes `•`, so the length is kept (it helps tell
 * vehicles apart on screen) but the plate cannot be read back. At least one
 * character is always masked, so a 1- or 2-character plate is never shown whole.
 */
export function maskPlate(plate: string): string {
  const chars = Array.from(normalisePlate(plate));
  const keep = Math.min(2, Math.max(chars.length - 1, 0));
  return chars.slice(0, keep).join('') + '•'.repeat(chars.length - keep);
}

/**
 * CSV cells for files that leave the application (evidence exports, sample
 * check sheets, import reports): RFC 4180 quoting, plus a leading apostrophe
 * on text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR).
 * One copy, so every CSV the product writes guards text and leaves numbers
 * alone: a guarded `-122.300934` is text, and every read west of Greenwich
 * or south of the equator would reach i2 or a spreadsheet corrupted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  // `;` too: spreadsheets in NL, FR and DE locales split on it.
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A numeric cell with `digits` decimals, never guarded: digits carry no formula. */
export function csvNumber(n: number, digits: number): string {
  return n.toFixed(digits);
}

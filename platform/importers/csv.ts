/**
 * Streaming CSV reader for camera exports: RFC 4180 quoting (a quoted field
 * may hold the delimiter, line breaks and doubled quotes), any one-character
 * delimiter (detected from the header line when not given), LF or CRLF, a
 * leading BOM. It holds one chunk plus one unfinished record in memory, so
 * files larger than memory stream through.
 *
 * Rows carry the physical line number where they start (what a person sees
 * in an editor), so a rejected row can be found in the file. A malformed row
 * (text after a closing quote, a quote never closed) is returned with an
 * `error` instead of being skipped or guessed at.
 */

export interface CsvRow {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  error?: string;
}

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** The candidate that occurs most often outside quotes in `line`; ',' when none does. */
export function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITER_CANDIDATES) {
    let count = 0;
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export interface CsvOptions {
  /** One character; detected from the first line when absent. */
  delimiter?: string;
  /** Called once the delimiter is known (detected or given). */
  onDelimiter?: (delimiter: string) => void;
}

type Parsed = { row: CsvRow; next: number; lines: number } | null;

/**
 * Rows of a CSV text stream, yielded in arrays (one per input chunk) so a
 * million rows do not cost a million awaits.
 */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvRow[]> {
  let delimiter = options.delimiter ?? null;
  if (delimiter !== null) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw new Error('The CSV delimiter must be one character other than a quote or line break.');
    options.onDelimiter?.(delimiter);
  }
  let buf = '';
  let line = 1;
  let first = true;
  for await (const chunk of chunks) {
    buf += chunk;
    if (first) {
      if (buf.length === 0) continue;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      if (delimiter === null) {
        const nl = buf.indexOf('\n');
        if (nl < 0) continue; // need the whole header line to detect
        delimiter = detectDelimiter(buf.slice(0, nl));
        options.onDelimiter?.(delimiter);
      }
      first = false;
    }
    const rows: CsvRow[] = [];
    let pos = 0;
    for (;;) {
      const parsed = parseRecord(buf, pos, delimiter!, line, false);
      if (parsed === null) break;
      pos = parsed.next;
      line += parsed.lines;
      if (!isBlank(parsed.row)) rows.push(parsed.row);
    }
    buf = buf.slice(pos);
    if (rows.length > 0) yield rows;
  }
  if (first) {
    if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    if (buf.length === 0) return;
    delimiter ??= detectDelimiter(buf);
    options.onDelimiter?.(delimiter);
  }
  const rows: CsvRow[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const parsed = parseRecord(buf, pos, delimiter!, line, true)!;
    pos = parsed.next;
    line += parsed.lines;
    if (!isBlank(parsed.row)) rows.push(parsed.row);
  }
  if (rows.length > 0) yield rows;
}

function isBlank(row: CsvRow): boolean {
  return row.error === undefined && row.fields.length === 1 && row.fields[0]!.trim() === '';
}

/**
 * One record starting at `pos`, or null when the buffer ends before the
 * record does (more input needed). With `final`, the end of the buffer ends
 * the record.
 */
function parseRecord(buf: string, pos: number, d: string, line: number, final: boolean): Parsed {
  const fields: string[] = [];
  let lines = 0;
  let error: string | undefined;
  let p = pos;
  let nl = buf.indexOf('\n', p);
  for (;;) {
    if (buf.charCodeAt(p) === 34 /* " */) {
      // Quoted field: ends at a quote not followed by another quote.
      let value = '';
      let q = p + 1;
      for (;;) {
        const close = buf.indexOf('"', q);
        if (close < 0) {
          if (!final) return null;
          value += buf.slice(q);
          lines += countNewlines(buf, q, buf.length);
          fields.push(value);
          return {
            row: { line, fields, error: 'a quoted field is never closed' },
            next: buf.length,
            lines,
          };
        }
        if (close + 1 >= buf.length && !final) return null; // is it "" or the end? need more
        value += buf.slice(q, close);
        lines += countNewlines(buf, q, close);
        if (buf.charCodeAt(close + 1) === 34) {
          value += '"';
          q = close + 2;
          continue;
        }
        p = close + 1;
        break;
      }
      fields.push(value);
      nl = buf.indexOf('\n', p);
      const c = buf[p];
      if (c === d) {
        p++;
        continue;
      }
      if (c === undefined) {
        if (!final) return null;
        return { row: { line, fields, ...(error ? { error } : {}) }, next: p, lines };
      }
      if (c === '\n' || (c === '\r' && buf[p + 1] === '\n')) {
        const next = c === '\n' ? p + 1 : p + 2;
        return { row: { line, fields, ...(error ? { error } : {}) }, next, lines: lines + 1 };
      }
      if (c === '\r' && p + 1 >= buf.length && !final) return null;
      // Text after the closing quote: keep reading the record, but say it is malformed.
      error ??= 'unexpected text after a closing quote';
      const end = nextStop(buf, p, d, nl);
      fields[fields.length - 1] += buf.slice(p, end);
      p = end;
      if (buf[p] === d) {
        p++;
        continue;
      }
      if (p >= buf.length) {
        if (!final) return null;
        return { row: { line, fields, error }, next: p, lines };
      }
      return { row: { line, fields, error }, next: p + 1, lines: lines + 1 };
    }
    // Unquoted field: up to the next delimiter or line break.
    if (nl < 0 && !final) return null;
    const end = nextStop(buf, p, d, nl);
    let value = buf.slice(p, end);
    if (end === nl || end === buf.length) {
      if (value.endsWith('\r')) value = value.slice(0, -1);
      fields.push(value);
      const row = { line, fields, ...(error ? { error } : {}) };
      return end === nl ? { row, next: end + 1, lines: lines + 1 } : { row, next: end, lines };
    }
    fields.push(value);
    p = end + 1;
  }
}

/** Index of the next delimiter before the line break `nl` (or the end of the buffer). */
function nextStop(buf: string, p: number, d: string, nl: number): number {
  const limit = nl < 0 ? buf.length : nl;
  const di = buf.indexOf(d, p);
  return di >= 0 && di < limit ? di : limit;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

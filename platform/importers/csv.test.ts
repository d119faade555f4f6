import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, type CsvRow } from './csv.ts';
import { parseNdjson } from './ndjson.ts';

async function rows(
  input: string | string[],
  options: Parameters<typeof parseCsv>[1] = {},
): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const batch of parseCsv(typeof input === 'string' ? [input] : input, options))
    out.push(...batch);
  return out;
}

/** Every possible split of the text into two chunks, plus one character per chunk. */
function splits(text: string): string[][] {
  const out: string[][] = [Array.from(text)];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const TRICKY =
  '\uFEFFid;plate;note\r\n' +
  '1;"1-ABC-123";"semi;colon"\r\n' +
  '2;AB-123-CD;"two\nlines"\r\n' +
  '\r\n' +
  '3;"say ""hi""";\r\n' +
  '4;"x"y;z\r\n' +
  '5;last;no newline';

describe('CSV reader', () => {
  it('handles quotes, embedded delimiters and line breaks, doubled quotes, CRLF, a BOM and blank lines', async () => {
    const r = await rows(TRICKY);
    expect(r.map((x) => x.fields)).toEqual([
      ['id', 'plate', 'note'],
      ['1', '1-ABC-123', 'semi;colon'],
      ['2', 'AB-123-CD', 'two\nlines'],
      ['3', 'say "hi"', ''],
      ['4', 'xy', 'z'],
      ['5', 'last', 'no newline'],
    ]);
    // Physical line numbers, counting the line break inside the quoted field and the blank line.
    expect(r.map((x) => x.line)).toEqual([1, 2, 3, 6, 7, 8]);
    expect(r[4]!.error).toBe('unexpected text after a closing quote');
    expect(r.filter((x) => x.error).length).toBe(1);
  });

  it('gives the same rows whatever the chunk boundaries (streaming)', async () => {
    const whole = await rows(TRICKY);
    for (const chunks of splits(TRICKY)) expect(await rows(chunks)).toEqual(whole);
  });

  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('uses a given delimiter and reports what it used', async () => {
    let used = '';
    const r = await rows('a|b,c\n1|2,3\n', { delimiter: '|', onDelimiter: (d) => (used = d) });
    expect(used).toBe('|');
    expect(r[1]!.fields).toEqual(['1', '2,3']);
  });

  it('reports a quote that is never closed instead of swallowing the rest of the file silently', async () => {
    const r = await rows('a,b\n1,"open\n2,3\n');
    expect(r).toHaveLength(2);
    expect(r[1]).toMatchObject({ line: 2, error: 'a quoted field is never closed' });
  });
});

describe('NDJSON reader', () => {
  it('parses line by line, numbers lines, skips blank lines and flags broken ones', async () => {
    const text = '{"a":1}\r\n\n{"a":\n[1,2]\n{"b":"x"}';
    const out = [];
    for (const chunks of [[text], Array.from(text)]) {
      const got = [];
      for await (const batch of parseNdjson(chunks)) got.push(...batch);
      out.push(got);
    }
    expect(out[0]).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, error: 'not valid JSON' },
      { line: 4, value: [1, 2] },
      { line: 5, value: { b: 'x' } },
    ]);
    expect(out[1]).toEqual(out[0]);
  });
});

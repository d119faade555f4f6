/**
 * Streaming NDJSON reader: one JSON value per line, LF or CRLF, blank lines
 * skipped. Each line is parsed on its own, so a broken line is one rejected
 * record with its line number, never the end of the import.
 */

export interface NdjsonLine {
  line: number;
  value?: unknown;
  error?: string;
}

export async function* parseNdjson(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<NdjsonLine[]> {
  let buf = '';
  let line = 0;
  let first = true;
  const parse = (text: string, out: NdjsonLine[]) => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim() === '') return;
    try {
      out.push({ line, value: JSON.parse(t) as unknown });
    } catch {
      // JSON.parse's message quotes the input: say where, never what.
      out.push({ line, error: 'not valid JSON' });
    }
  };
  for await (const chunk of chunks) {
    buf += chunk;
    if (first && buf.length > 0) {
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      first = false;
    }
    const out: NdjsonLine[] = [];
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', start)) {
      parse(buf.slice(start, nl), out);
      start = nl + 1;
    }
    buf = buf.slice(start);
    if (out.length > 0) yield out;
  }
  if (buf.length > 0) {
    const out: NdjsonLine[] = [];
    parse(buf, out);
    if (out.length > 0) yield out;
  }
}

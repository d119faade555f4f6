/**
 * Capture times of exported reads. A time with an offset (`Z`, `+01:00`) is
 * taken as it is; a time without one is a wall-clock time in the export's
 * declared zone (IANA name, e.g. Europe/Brussels), converted with the zone
 * rules in Intl, so no date library is needed.
 *
 * Two wall times need a decision: a time inside the spring-forward gap does
 * not exist in the zone (rejected: the export or the camera clock is wrong),
 * and a time in the autumn overlap happens twice (the earlier instant is
 * taken and the row is flagged as ambiguous in the import report).
 */

export type TimeFormat = 'iso' | 'epoch-ms' | 'epoch-s' | string;

export type ParsedTime = { ms: number; ambiguous?: true } | { reason: string };

/** Throws a RangeError for a zone Intl does not know. */
export function assertTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * Offset cache per zone by UTC quarter hour: real zone transitions fall on
 * quarter hours, and Intl's formatToParts costs microseconds per call.
 */
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER = 900_000;

/** The zone's offset from UTC (ms, east positive) at instant `utcMs`. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const key = Math.floor(utcMs / QUARTER);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const base = key * QUARTER;
  const parts = formatter(zone).formatToParts(new Date(base));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = wall - base;
  if (cache.size > 200_000) cache.clear();
  cache.set(key, offset);
  return offset;
}

/**
 * The instant a wall-clock time (given as if it were UTC) denotes in `zone`:
 * the earlier one when it occurs twice, none when it falls in a gap.
 */
export function wallTimeToUtc(wallMs: number, zone: string): ParsedTime {
  if (zone === 'UTC' || zone === 'Etc/UTC') return { ms: wallMs };
  const DAY = 86_400_000;
  const candidates = new Set([
    wallMs - zoneOffsetMs(zone, wallMs - DAY),
    wallMs - zoneOffsetMs(zone, wallMs + DAY),
    wallMs - zoneOffsetMs(zone, wallMs),
  ]);
  const valid = [...candidates]
    .filter((t) => t + zoneOffsetMs(zone, t) === wallMs)
    .sort((a, b) => a - b);
  if (valid.length === 0)
    return { reason: `capturedAt: this local time does not exist in ${zone} (clock change)` };
  return valid.length > 1 ? { ms: valid[0]!, ambiguous: true } : { ms: valid[0]! };
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Offset text (`Z`, `+01:00`, `+0100`, `+01`) in ms, or null when malformed. */
function offsetMs(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? '0');
  if (h > 23 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
}

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offset: string | undefined;
}

function fromFields(f: Fields, zone: string | null): ParsedTime {
  if (f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > 31 || f.h > 23 || f.mi > 59 || f.s > 59)
    return { reason: 'capturedAt: not a valid date and time' };
  const wall = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s, f.ms);
  // Date.UTC rolls 31 February over into March: refuse instead.
  if (new Date(wall).getUTCDate() !== f.d) return { reason: 'capturedAt: not a valid date' };
  if (f.offset !== undefined) {
    const off = offsetMs(f.offset);
    if (off === null) return { reason: 'capturedAt: malformed UTC offset' };
    return { ms: wall - off };
  }
  if (zone === null)
    return { reason: 'capturedAt: no UTC offset in the value and no time zone declared (--tz)' };
  return wallTimeToUtc(wall, zone);
}

const fraction = (digits: string | undefined) =>
  digits ? Math.floor(Number(digits.padEnd(3, '0').slice(0, 3))) : 0;

/** A pattern like `DD/MM/YYYY HH:mm:ss` compiled to a parser. */
function compilePattern(pattern: string): (value: string) => Fields | null {
  const tokens: Array<keyof Fields> = [];
  let source = '^';
  const TOKEN_RE = /YYYY|MM|M|DD|D|HH|H|mm|ss|SSS|S+|Z|./g;
  for (const [tok] of pattern.matchAll(TOKEN_RE)) {
    switch (tok) {
      case 'YYYY':
        source += '(\\d{4})';
        tokens.push('y');
        break;
      case 'MM':
      case 'M':
        source += tok === 'MM' ? '(\\d{2})' : '(\\d{1,2})';
        tokens.push('mo');
        break;
      case 'DD':
      case 'D':
        source += tok === 'DD' ? '(\\d{2})' : '(\\d{1,2})';
        tokens.push('d');
        break;
      case 'HH':
      case 'H':
        source += tok === 'HH' ? '(\\d{2})' : '(\\d{1,2})';
        tokens.push('h');
        break;
      case 'mm':
        source += '(\\d{2})';
        tokens.push('mi');
        break;
      case 'ss':
        source += '(\\d{2})';
        tokens.push('s');
        break;
      case 'Z':
        source += '\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)';
        tokens.push('offset');
        break;
      default:
        if (/^S+$/.test(tok)) {
          source += '(\\d{1,9})';
          tokens.push('ms');
        } else source += tok.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  const re = new RegExp(source + '$');
  return (value) => {
    const m = re.exec(value);
    if (!m) return null;
    const f: Fields = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0, ms: 0, offset: undefined };
    tokens.forEach((t, i) => {
      const v = m[i + 1]!;
      if (t === 'offset') f.offset = v;
      else if (t === 'ms') f.ms = fraction(v);
      else f[t] = Number(v);
    });
    return f;
  };
}

/**
 * A parser for one column's times. `zone` applies to values without an
 * offset; null means such values are rejected.
 */
export function timeParser(format: TimeFormat, zone: string | null): (value: string) => ParsedTime {
  if (zone !== null) assertTimeZone(zone);
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const scale = format === 'epoch-ms' ? 1 : 1000;
    return (value) => {
      const v = value.trim();
      if (!/^-?\d+(\.\d+)?$/.test(v)) return { reason: `capturedAt: not a number (${format})` };
      return { ms: Math.round(Number(v) * scale) };
    };
  }
  if (format === 'iso') {
    return (value) => {
      const m = ISO_RE.exec(value.trim());
      if (!m) return { reason: 'capturedAt: not an ISO-8601 date and time' };
      return fromFields(
        {
          y: Number(m[1]),
          mo: Number(m[2]),
          d: Number(m[3]),
          h: Number(m[4]),
          mi: Number(m[5]),
          s: Number(m[6] ?? '0'),
          ms: fraction(m[7]),
          offset: m[8],
        },
        zone,
      );
    };
  }
  const parse = compilePattern(format);
  return (value) => {
    const f = parse(value.trim());
    if (!f) return { reason: `capturedAt: does not match the format ${format}` };
    return fromFields(f, zone);
  };
}

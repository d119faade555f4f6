import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSources, makeSource, read, SOURCE_KINDS } from './fixtures.ts';
import { plateSearch } from './plate-search.ts';
import { CONFUSION_SOURCES, publishedConfusions } from './plate-search.confusions.ts';

afterAll(closeSources);

const HASH = createHash('sha256').update('1ABC123 pseudonymised').digest('hex');

const rows = [
  read('1ABC123', '2025-05-06T08:00:00Z', 'gent', {
    alternatives: [{ plate: '1A8C123', confidence: 0.4 }],
  }),
  read('1ABC123', '2025-05-06T09:00:00Z', 'brussel'),
  read('1A8C123', '2025-05-06T08:30:00Z', 'aalst'), // B→8: 1 substitution
  read('IA8C123', '2025-05-06T08:40:00Z', 'aalst'), // 1→I, B→8: 2
  read('IA8CIZ3', '2025-05-06T08:50:00Z', 'aalst'), // 4 substitutions
  read('1ABC124', '2025-05-06T08:55:00Z', 'aalst'), // 3→4 is no look-alike
  read('1ABD12', '2025-05-06T10:00:00Z', 'leuven'),
  read('1ABX129', '2025-05-06T10:10:00Z', 'leuven'),
  read('1AC0123', '2025-05-06T10:20:00Z', 'leuven'),
  read('1AB12', '2025-05-06T10:30:00Z', 'leuven'),
  // One pair per look-alike class.
  read('1DOQ000', '2025-05-07T08:00:00Z', 'gent'),
  read('1I25860', '2025-05-07T08:00:00Z', 'gent'),
  // A pseudonymised plate, stored as produced.
  read(HASH, '2025-05-07T09:00:00Z', 'mons'),
];

describe.each(SOURCE_KINDS)('plate search (%s source)', (kind) => {
  const source = makeSource(kind, rows);
  const plates = (r: ReturnType<typeof plateSearch>) => r.plates.map((p) => p.plate);

  it('exact search normalises what the officer typed and returns the history in time order', () => {
    const result = plateSearch(source, { mode: 'exact', plate: ' 1-abc-123 ' });
    expect(result.rows.map((r) => [r.plate, r.unitId])).toEqual([
      ['1ABC123', 'gent'],
      ['1ABC123', 'brussel'],
    ]);
    expect(result.rows[0]!.alternatives).toEqual([{ plate: '1A8C123', confidence: 0.4 }]);
    expect(result.summary).toEqual({ mode: 'exact', reads: 2, plates: 1, truncated: false });
    const morning = plateSearch(source, {
      mode: 'exact',
      plate: '1ABC123',
      to: '2025-05-06T08:30:00Z',
    });
    expect(morning.rows).toHaveLength(1);
  });

  it('finds a pseudonymised plate (64-hex hash) by exact search, in either case', () => {
    const result = plateSearch(source, { mode: 'exact', plate: HASH });
    expect(result.rows.map((r) => r.plate)).toEqual([HASH]);
    // Hex carries no case: the hash typed in upper case finds the same reads.
    expect(
      plateSearch(source, { mode: 'exact', plate: HASH.toUpperCase() }).rows.map((r) => r.plate),
    ).toEqual([HASH]);
  });

  it('wildcard: ? is one character, * any run, separators and case ignored', () => {
    const result = plateSearch(source, { mode: 'wildcard', pattern: '1-ab?-12*' });
    expect(plates(result).sort()).toEqual(['1ABC123', '1ABC124', '1ABD12', '1ABX129']);
    expect(result.rows.map((r) => r.capturedAt)).toEqual(
      [...result.rows.map((r) => r.capturedAt)].sort(),
    );
    expect(plates(plateSearch(source, { mode: 'wildcard', pattern: '*C123' })).sort()).toEqual([
      '1A8C123',
      '1ABC123',
      'IA8C123',
    ]);
    expect(plates(plateSearch(source, { mode: 'wildcard', pattern: '?A?C1?3' })).sort()).toEqual([
      '1A8C123',
      '1ABC123',
      'IA8C123',
    ]);
    // A hash prefix finds the pseudonym (LIKE folds ASCII case both ways).
    expect(
      plates(plateSearch(source, { mode: 'wildcard', pattern: `${HASH.slice(0, 6)}*` })),
    ).toEqual([HASH]);
  });

  it('wildcard needs at least two literal characters', () => {
    expect(() => plateSearch(source, { mode: 'wildcard', pattern: '*' })).toThrow(/at least 2/);
    expect(() => plateSearch(source, { mode: 'wildcard', pattern: '1-?*' })).toThrow(/at least 2/);
  });

  it('fuzzy search respects maxSubstitutions', () => {
    const at = (n: number) =>
      plateSearch(source, { mode: 'fuzzy', plate: '1-ABC-123', maxSubstitutions: n }).plates.map(
        (p) => [p.plate, p.distance],
      );
    expect(at(0)).toEqual([['1ABC123', 0]]);
    expect(at(1)).toEqual([
      ['1ABC123', 0],
      ['1A8C123', 1],
    ]);
    expect(at(2)).toEqual([
      ['1ABC123', 0],
      ['1A8C123', 1],
      ['IA8C123', 2],
    ]);
    // IA8CIZ3 needs 4 and 1ABC124 is no look-alike: never found.
    expect(at(3)).toEqual(at(2));
    expect(() =>
      plateSearch(source, { mode: 'fuzzy', plate: '1ABC123', maxSubstitutions: 4 }),
    ).toThrow();
  });

  it('fuzzy search knows the look-alike classes 0/O/D/Q, 1/I, 2/Z, 5/S, 8/B and 6/G', () => {
    const find = (plate: string) =>
      plates(plateSearch(source, { mode: 'fuzzy', plate, maxSubstitutions: 3 }));
    // 1DOQ000 typed with every member of the 0 class in other places.
    expect(find('1ODQ000')).toEqual(['1DOQ000']);
    expect(find('1Q0D0OQ')).toEqual([]); // 6 substitutions
    expect(find('1QOD0OQ')).toEqual([]);
    expect(find('1DOQOQD')).toEqual(['1DOQ000']);
    // 1I25860: I↔1, 2↔Z, 5↔S, 8↔B, 6↔G, 0↔O.
    expect(find('11Z5860')).toEqual(['1I25860']);
    expect(find('1IZSB60')).toEqual(['1I25860']);
    expect(find('1I258GO')).toEqual(['1I25860']);
    expect(find('1IZSBGO')).toEqual([]); // 5 substitutions
    const result = plateSearch(source, { mode: 'fuzzy', plate: '1I2S8G0', maxSubstitutions: 2 });
    expect(result.rows.map((r) => [r.plate, r.distance])).toEqual([['1I25860', 2]]);
  });

  it('limit truncates and says so', () => {
    const result = plateSearch(source, { mode: 'wildcard', pattern: '1AB*', limit: 2 });
    expect(result.rows).toHaveLength(2);
    expect(result.summary.truncated).toBe(true);
  });
});

/**
 * The look-alike test above uses the code's own classes. This one asks what
 * others observed: each pair in published ANPR confusion tables (sources and
 * tables in plate-search.confusions.ts) must be bridged by a fuzzy search with
 * one substitution, in both directions, so an officer who types what the
 * camera may have misread still finds the vehicle.
 */
const CONFUSIONS = publishedConfusions();

/**
 * Published pairs the look-alike table does not cover today (listed here, not
 * derived from the code, so the gap stays visible). Fails until #12 extends
 * the look-alike table: adding them is not a one-line change, because the
 * classes are equivalence classes stored as an indexed key (plate_key) on the
 * platform and in every case store, so merging 3/8/B, E/F/P, H/K/M/R and
 * T/V/Y would both over-match (E~P, M~R and T~V are published by no one) and
 * need existing keys rebuilt.
 */
const NOT_COVERED = new Set(['38', '3B', 'EF', 'FP', 'HK', 'HM', 'HR', 'KM', 'KR', 'TY', 'VY']);

describe.each(SOURCE_KINDS)('fuzzy search against published OCR confusions (%s source)', (kind) => {
  // One stored plate per listed character, on a base no source lists (W X 4 7 9),
  // so the confused position is the only difference between two plates.
  const withChar = (c: string) => `WX${c}479`;
  const chars = [...new Set(CONFUSIONS.flatMap((p) => [p.a, p.b]))];
  const source = makeSource(
    kind,
    chars.map((c) => read(withChar(c), '2025-05-08T08:00:00Z', 'gent')),
  );
  const found = (typed: string) =>
    plateSearch(source, { mode: 'fuzzy', plate: withChar(typed), maxSubstitutions: 1 }).plates.map(
      (p) => [p.plate, p.distance],
    );
  const bridged = ({ a, b }: { a: string; b: string }) => {
    expect(found(a)).toContainEqual([withChar(b), 1]);
    expect(found(b)).toContainEqual([withChar(a), 1]);
  };
  const label = (p: (typeof CONFUSIONS)[number]) => ({
    ...p,
    from: p.sources.map((s) => CONFUSION_SOURCES[s].publisher.split(' ')[0]).join(', '),
  });

  it('has published pairs to check, including every class the code names', () => {
    // Guards against an empty or mis-parsed table making every check vacuous.
    expect(CONFUSIONS.length).toBeGreaterThanOrEqual(20);
    for (const [a, b] of ['0O', '0D', '0Q', '1I', '2Z', '5S', '8B', '6G'])
      expect(CONFUSIONS).toContainEqual(expect.objectContaining({ a, b }));
  });

  it.each(CONFUSIONS.filter((p) => !NOT_COVERED.has(p.a + p.b)).map(label))(
    '$a and $b find each other ($from)',
    bridged,
  );

  it.fails.each(CONFUSIONS.filter((p) => NOT_COVERED.has(p.a + p.b)).map(label))(
    '$a and $b find each other ($from); fails until #12 (published confusions in the look-alike table)',
    bridged,
  );
});

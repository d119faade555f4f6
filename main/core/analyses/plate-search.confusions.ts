/**
 * Test data: OCR confusions of plate characters as published by others, to
 * check the fuzzy plate search against (plate-search.test.ts). Kept apart
 * from the code's own look-alike table (LOOKALIKE_CLASSES in common/plates.ts)
 * on purpose: a test built from that table can only confirm the table.
 *
 * Each table is copied as published: a character and the characters an ANPR
 * engine reads in its place. Only sources whose text could be read and checked
 * are listed; add others the same way (source, then table as printed).
 */

export interface ConfusionSource {
  publisher: string;
  title: string;
  url: string;
  /** What the table is, in the source's own terms. */
  basis: string;
}

export const CONFUSION_SOURCES = {
  genetec: {
    publisher: 'Genetec (AutoVu ALPR, used by police forces)',
    title:
      'Security Center Administrator Guide 5.12, "ALPR matcher technique: OCR equivalence" (same list in 5.10)',
    url: 'https://techdocs.genetec.com/r/en-US/Security-Center-Administrator-Guide-5.12/ALPR-matcher-technique-OCR-equivalence',
    basis:
      'The default Latin-based "OCR equivalent characters" of the hotlist matcher: the number 0 and the letters O, D and Q; 1 and I; 2 and Z; 5 and S; 8 and B; 6 and G.',
  },
  opscom: {
    publisher: 'OPS-COM OperationsCommander (PL8-RDR licence plate readers)',
    title: 'LPR Plate Lookups and Fuzzy Filtering',
    url: 'https://opscom.wiki/books/lpr-cameras/page/lpr-plate-lookups-and-fuzzy-filtering',
    basis:
      'Lookup table of "commonly misconstrued characters", "comprised of data from past LPR updates by users" (operators correcting misreads).',
  },
} as const satisfies Record<string, ConfusionSource>;

export type ConfusionSourceId = keyof typeof CONFUSION_SOURCES;

/** Genetec publishes groups: every member is equivalent to every other. */
const GENETEC_GROUPS: ReadonlyArray<string> = ['0ODQ', '1I', '2Z', '5S', '8B', '6G'];

/** OPS-COM's table as printed: character -> "similar characters" (itself included). */
const OPSCOM_TABLE: Readonly<Record<string, string>> = {
  '1': '1I',
  '2': '2Z',
  '3': '38B',
  '5': '5S',
  '8': '38B',
  B: '38B',
  D: '0DOQ',
  E: 'EF',
  F: 'EFP',
  H: 'HKMR',
  I: '1I',
  K: 'HKR',
  M: 'HKM',
  O: '0DOQ',
  P: 'FP',
  Q: '0DOQ',
  R: 'HKR',
  T: 'TY',
  V: 'VY',
  Y: 'VTY',
  Z: '2Z',
};

export interface PublishedConfusion {
  /** The two characters, in code point order. */
  a: string;
  b: string;
  sources: ConfusionSourceId[];
}

/**
 * Every published pair once, with the sources that list it. A pair counts in
 * both directions: a camera that reads 3 for 8 is as likely to read 8 for 3,
 * and the officer may type either.
 */
export function publishedConfusions(): PublishedConfusion[] {
  const pairs = new Map<string, PublishedConfusion>();
  const add = (x: string, y: string, source: ConfusionSourceId) => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = a + b;
    const entry = pairs.get(key) ?? { a, b, sources: [] };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    pairs.set(key, entry);
  };
  for (const group of GENETEC_GROUPS)
    for (const x of group) for (const y of group) add(x, y, 'genetec');
  for (const [x, similar] of Object.entries(OPSCOM_TABLE))
    for (const y of similar) add(x, y, 'opscom');
  return [...pairs.values()].sort((p, q) => (p.a + p.b < q.a + q.b ? -1 : 1));
}

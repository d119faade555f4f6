import { describe, expect, it } from 'vitest';
import {
  LOOKALIKE_CLASSES,
  compileWildcard,
  detectFormats,
  formatPlate,
  fuzzyMatches,
  hexIdentifierNeedsFoldSql,
  isPlateLike,
  lookalikeDistance,
  lookalikeKey,
  maskPlate,
  nlSidecode,
  normalisePlate,
  normaliseWildcard,
  wildcardToSqlLike,
} from './plates.ts';

describe('normalisePlate', () => {
  it('folds the ways a plate is written into one search key', () => {
    for (const raw of [
      '1-ABC-123',
      '1 abc 123',
      ' 1.abc.123 ',
      '1·ABC·123',
      '1_abc_123',
      '1ABC123',
    ]) {
      expect(normalisePlate(raw)).toBe('1ABC123');
    }
  });

  it('keeps plate letters beyond A-Z, upper-cased, and composes decomposed umlauts', () => {
    expect(normalisePlate('mü-ab 12')).toBe('MÜAB12');
    expect(normalisePlate('æø å 123')).toBe('ÆØÅ123');
    expect(normalisePlate('MU\u0308-AB 12')).toBe('MÜAB12');
  });

  it('keeps pseudonymised identifiers and non-Latin text as they are (trimmed only)', () => {
    const hex = 'a3f9c2e1b4d5a6f7081920a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7';
    const b64 = 'q8f/3+Zk1w==';
    const uuid = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    expect(normalisePlate(hex)).toBe(hex);
    expect(normalisePlate(`  ${b64} `)).toBe(b64);
    expect(normalisePlate(uuid)).toBe(uuid);
    expect(normalisePlate('А123ВС77')).toBe('А123ВС77'); // Cyrillic
    expect(normalisePlate('ب ج د 1234')).toBe('ب ج د 1234');
    expect(isPlateLike(hex)).toBe(false);
    expect(isPlateLike('1-abc-123')).toBe(true);
  });

  it('folds the case of hex identifiers (digests, UUIDs), where case carries no information', () => {
    const hex = 'a3f9c2e1b4d5a6f7081920a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7';
    expect(normalisePlate(hex.toUpperCase())).toBe(hex);
    expect(normalisePlate(` ${hex.slice(0, 20).toUpperCase()}${hex.slice(20)} `)).toBe(hex);
    expect(normalisePlate('1B4E28BA-2FA1-11D2-883F-0016D3CCA427')).toBe(
      '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    );
    // 12 hex digits or fewer is a plate (upper-cased, separators dropped), as before.
    expect(normalisePlate('ab-cd-ef-12')).toBe('ABCDEF12');
    // Hex with another separator is not a digest as printed: kept as is.
    expect(normalisePlate('A3F9 C2E1 B4D5 A6F7')).toBe('A3F9 C2E1 B4D5 A6F7');
  });

  it('selects in SQL exactly the stored values the hex rule changes', async () => {
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(':memory:');
    try {
      const stored = [
        'A3F9C2E1B4D5A6F7081920A3', // hex, upper: changes
        'a3f9c2e1b4d5a6f7081920a3', // already folded
        '1B4E28BA-2FA1-11D2-883F-0016D3CCA427', // UUID, upper: changes
        '1ABC123', // plate
        'ABCDEF123456', // 12 hex digits: a plate
        'Q8F/3+ZK1W==', // base64: never folded
        'A3F9 C2E1 B4D5 A6F7', // spaces: opaque, kept
        'A3F9_C2E1B4D5A6F7', // underscore: opaque, kept
        '1234567890123', // digits only: nothing to fold
      ];
      db.exec('CREATE TABLE t (plate TEXT)');
      for (const v of stored) db.prepare('INSERT INTO t VALUES (?)').run(v);
      const selected = (
        db
          .prepare(`SELECT plate FROM t WHERE ${hexIdentifierNeedsFoldSql('plate')}`)
          .all() as Array<{
          plate: string;
        }>
      ).map((r) => r.plate);
      expect(selected).toEqual(stored.filter((v) => normalisePlate(v) !== v));
      expect(selected).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('never merges two different opaque identifiers, nor an opaque one with a plate', () => {
    const values = [
      'q8f/3+Zk1w==',
      'Q8F/3+ZK1W==',
      'a3f9c2e1b4d5a6f7081920a3',
      'a3f9c2e1b4d5a6f7081920a4',
      'AB-12#',
      'AB12#',
      'ab 12 cd 34 ef 56 g',
    ];
    const keys = new Set(values.map(normalisePlate));
    expect(keys.size).toBe(values.length);
    // A plate's normal form never contains separators, so 'AB12' (a plate) and
    // any opaque value stay apart.
    expect(values.map(normalisePlate)).not.toContain(normalisePlate('ab-12'));
  });

  it('is idempotent', () => {
    for (const raw of ['1-abc-123', 'q8f/3+Zk1w==', 'mü ab 12', '---']) {
      expect(normalisePlate(normalisePlate(raw))).toBe(normalisePlate(raw));
    }
  });
});

describe('detectFormats', () => {
  it('recognises the national formats', () => {
    expect(detectFormats('1-ABC-123')).toEqual(['BE']);
    expect(detectFormats('AB-123-CD')).toEqual(['FR']);
    expect(detectFormats('AB 12345')).toEqual(['DK']);
    expect(detectFormats('12-ABC-3')).toEqual(['NL']);
    expect(detectFormats('XX-999-X')).toContain('NL');
  });

  it('reports every format an ambiguous plate fits', () => {
    // Old Belgian ABC-123 is also a German area code + letters + digits.
    expect(detectFormats('ABC123')).toEqual(['BE', 'DE']);
    // NL sidecode 1 (XX-99-99) and Luxembourg AB 1234.
    expect(detectFormats('AB1234')).toEqual(['NL', 'DE', 'LU']);
    expect(detectFormats('1234')).toEqual(['LU']);
  });

  it('is lenient for German plates without separators, including umlauts and the E suffix', () => {
    expect(detectFormats('M-AB 1234')).toContain('DE');
    expect(detectFormats('MÜ-X 1')).toContain('DE');
    expect(detectFormats('B-XY 123E')).toContain('DE');
    expect(detectFormats('HH-A 0123')).not.toContain('DE'); // no leading zero
    expect(detectFormats('ABC-DE 1234')).not.toContain('DE'); // more than 8 characters
  });

  it('finds all eleven Dutch sidecodes', () => {
    const samples = [
      'AB1234',
      '1234AB',
      '12AB34',
      'AB12CD',
      'ABCD12',
      '12ABCD',
      '12ABC3',
      '1ABC23',
      'AB123C',
      'A123BC',
      'ABC12D',
    ];
    expect(samples.map(nlSidecode)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('returns [] for unknown formats and opaque identifiers', () => {
    expect(detectFormats('q8f/3+Zk1w==')).toEqual([]);
    expect(detectFormats('1A2B3C4D')).toEqual([]);
  });
});

describe('formatPlate', () => {
  it('shows national display forms', () => {
    expect(formatPlate('1abc123', 'BE')).toBe('1-ABC-123');
    expect(formatPlate('abc123', 'be')).toBe('ABC-123');
    expect(formatPlate('ab123cd', 'FR')).toBe('AB-123-CD');
    expect(formatPlate('12abc3', 'NL')).toBe('12-ABC-3');
    expect(formatPlate('ab1234', 'NL')).toBe('AB-12-34');
    expect(formatPlate('a123bc', 'NL')).toBe('A-123-BC');
  });

  it('leaves other countries and non-fitting plates in normalised form', () => {
    expect(formatPlate('ab 12345', 'DK')).toBe('AB12345');
    expect(formatPlate('ab 12345', null)).toBe('AB12345');
    expect(formatPlate('XYZ', 'BE')).toBe('XYZ');
  });
});

describe('look-alikes', () => {
  it('gives all OCR look-alike variants the same key', () => {
    expect(lookalikeKey('1-OB8-S2')).toBe(lookalikeKey('I0B8-5Z'));
    expect(lookalikeKey('DQO0')).toBe('0000');
    for (const cls of LOOKALIKE_CLASSES) expect(new Set(cls.map(lookalikeKey)).size).toBe(1);
  });

  it('counts look-alike substitutions and refuses other differences', () => {
    expect(lookalikeDistance('1ABC123', '1ABC123')).toBe(0);
    expect(lookalikeDistance('1ABC123', 'IA8C1Z3')).toBe(3);
    expect(lookalikeDistance('1ABC123', '1ABC124')).toBeNull(); // 3 vs 4 is not a look-alike
    expect(lookalikeDistance('1ABC123', '1ABC12')).toBeNull();
    expect(lookalikeDistance('O', 'Q')).toBe(1); // same class, neither is the representative
  });

  it('fuzzy-matches within the allowed number of substitutions', () => {
    expect(fuzzyMatches('1-abc-123', 'IABC123', 1)).toBe(true);
    expect(fuzzyMatches('1ABC123', 'IA8C123', 1)).toBe(false);
    expect(fuzzyMatches('1ABC123', 'IA8C123', 2)).toBe(true);
  });
});

describe('wildcards', () => {
  it('matches ? as one character and * as any run, ignoring separators', () => {
    const m = compileWildcard('1-AB?-12*');
    expect(m('1ABC123')).toBe(true);
    expect(m('1-abd-12')).toBe(true);
    expect(m('1AB123')).toBe(false); // ? needs exactly one character
    expect(m('2ABC123')).toBe(false);
    expect(compileWildcard('*123')('1ABC123')).toBe(true);
    expect(compileWildcard('mü*')('MÜ-AB 12')).toBe(true);
  });

  it('translates to an SQL LIKE with escaping of %, _ and the escape character', () => {
    expect(wildcardToSqlLike('1-ab?-12*')).toEqual({ like: '1AB_12%', escape: '\\' });
    // Opaque pattern: kept as is, its LIKE metacharacters escaped.
    expect(wildcardToSqlLike('x%y_z\\w+*')).toEqual({ like: 'x\\%y\\_z\\\\w+%', escape: '\\' });
    expect(normaliseWildcard('1**2')).toBe('1*2');
  });

  it('gives the same answers in SQL as in memory', async () => {
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE r (plate TEXT NOT NULL)');
      const plates = [
        '1ABC123',
        '1ABD12',
        'x%y_z\\w+q',
        'xAyBz\\w+q',
        'a3f9c2e1b4d5a6f70819',
        '1AB123',
      ];
      const ins = db.prepare('INSERT INTO r VALUES (?)');
      for (const p of plates) ins.run(p);
      for (const pattern of ['1-AB?-12*', 'x%y_z\\w+*', 'A3F9*', '*', '?AB*3']) {
        const { like, escape } = wildcardToSqlLike(pattern);
        const sql = (
          db
            .prepare('SELECT plate FROM r WHERE plate LIKE ? ESCAPE ? ORDER BY rowid')
            .all(like, escape) as Array<{ plate: string }>
        ).map((r) => r.plate);
        expect(sql, pattern).toEqual(plates.filter(compileWildcard(pattern)));
      }
    } finally {
      db.close();
    }
  });
});

describe('maskPlate', () => {
  it('keeps the first two characters and masks the rest, same length', () => {
    expect(maskPlate('1-ABC-123')).toBe('1A•••••');
    expect(maskPlate('AB')).toBe('A•');
    expect(maskPlate('A')).toBe('•');
    expect(maskPlate('ÆØÅ123')).toBe('ÆØ••••');
  });
});

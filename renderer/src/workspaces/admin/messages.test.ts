import { describe, expect, it } from 'vitest';
import { adminMessages } from './messages.ts';

/**
 * Every `admin.*` string the workspace's screens ask for exists in Dutch,
 * French and English: a missing one would show the officer its raw key.
 */
// Sources as text through Vite (the renderer layer may not import node:fs).
const sources = import.meta.glob<string>('./*.tsx', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const used = new Set<string>();
for (const source of Object.values(sources)) {
  for (const m of source.matchAll(/t\(\s*'admin\.([A-Za-z0-9_.-]+)'/g)) used.add(m[1]!);
  // Keys built from a value (`admin.cameras.source.${o.source}`) are checked through their prefix.
  for (const m of source.matchAll(/t\(\s*`admin\.([A-Za-z0-9_.-]+)\.\$\{/g)) used.add(m[1]!);
}

function lookup(tree: unknown, path: string): unknown {
  let node = tree;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    // i18next plurals: `seconds` is found as `seconds_one` / `seconds_other`.
    node = record[part] ?? record[`${part}_other`];
  }
  return node;
}

describe('administration workspace strings', () => {
  it('finds the keys the screens use', () => {
    expect(used.size).toBeGreaterThan(50);
  });

  for (const lang of ['en', 'nl', 'fr'] as const) {
    it(`has every key the screens use in ${lang}`, () => {
      const missing = [...used].filter((k) => lookup(adminMessages[lang], k) === undefined);
      expect(missing).toEqual([]);
    });
  }
});

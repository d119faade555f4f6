import { describe, expect, it } from 'vitest';
import { mapMessages } from './messages.ts';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`),
  );
}

/** Keys the map's code asks for, as literals, plus the ones it builds from data. */
function usedKeys(): string[] {
  // Sources as text through Vite (the renderer layer may not import node:fs).
  const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.ts'], {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  const literal = Object.values(sources).flatMap((text) =>
    [...text.matchAll(/\bt\('map\.([\w.]+)'/g)].map((m) => m[1]!),
  );
  const built = [
    ...['up', 'down', 'unknown'].map((s) => `camera.${s}`),
    ...['local', 'regional', 'federal'].map((o) => `camera.operators.${o}`),
  ];
  return [...new Set([...literal, ...built])];
}

describe('map messages', () => {
  const en = keys(mapMessages.en as unknown as Tree);

  it('has every key in Dutch and French that it has in English', () => {
    expect(keys(mapMessages.nl as unknown as Tree)).toEqual(en);
    expect(keys(mapMessages.fr as unknown as Tree)).toEqual(en);
  });

  it('defines every key the map uses (plurals as _one/_other)', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(30);
    for (const key of used) expect(en.includes(key) || en.includes(`${key}_other`), key).toBe(true);
  });

  it('keeps the placeholders of each message in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const pick = (tree: Tree, key: string) =>
      key.split('.').reduce<Tree | string>((t, k) => (t as Tree)[k]!, tree) as string;
    for (const key of en)
      for (const lang of ['nl', 'fr'] as const)
        expect(
          placeholders(pick(mapMessages[lang] as unknown as Tree, key)),
          `${lang} ${key}`,
        ).toEqual(placeholders(pick(mapMessages.en as unknown as Tree, key)));
  });
});

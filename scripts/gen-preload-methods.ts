import { writeFileSync } from 'node:fs';
import { methodNames } from '../common/api/contract.ts';

/**
 * Writes preload/api-methods.ts: the API's method names as a plain list, so
 * the sandboxed preload exposes one function per method without bundling the
 * contract and zod (whose eval probe would also run in the preload).
 * preload/api-methods.test.ts fails when the list and the contract drift.
 *
 *   node scripts/gen-preload-methods.ts
 */
export function preloadMethodsSource(names: readonly string[]): string {
  return [
    '// Generated from common/api/contract.ts by `node scripts/gen-preload-methods.ts`: do not edit.',
    '// A plain list keeps zod and the contract out of the preload bundle.',
    'export const API_METHODS: readonly string[] = [',
    ...names.map((n) => `  ${JSON.stringify(n).replaceAll('"', "'")},`),
    '];',
    '',
  ].join('\n');
}

if (import.meta.main) {
  const target = new URL('../preload/api-methods.ts', import.meta.url);
  writeFileSync(target, preloadMethodsSource(methodNames));
  console.log(`wrote ${methodNames.length} method names to preload/api-methods.ts`);
}

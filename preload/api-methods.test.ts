import { describe, expect, it } from 'vitest';
import { methodNames } from '../common/api/contract.ts';
import { API_METHODS } from './api-methods.ts';

describe('the preload API list', () => {
  // The renderer can only call what the preload exposes: a method missing
  // here is a button that fails in the desktop app although it works in the
  // browser shell; one too many is a channel nobody serves.
  it('names exactly the contract methods (regenerate: node scripts/gen-preload-methods.ts)', () => {
    expect([...API_METHODS]).toEqual(methodNames);
  });
});

import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Random sample checks whose randomness nobody can cherry-pick.
 *
 * 1. The platform draws a secret seed (32 random bytes) and publishes only
 *    its commitment sha256(seed), together with the hash of the candidate
 *    set, in the audit chain, before anyone sees a drawn entry.
 * 2. The draw orders the candidates by HMAC-SHA256(seed, ref) and takes the
 *    first n: a keyed shuffle that depends only on the seed and the set,
 *    not on the order the candidates were listed in.
 * 3. After the draw the seed is revealed. Anyone can check
 *    sha256(seed) = commitment and re-run drawSample(seed, candidates, n).
 *
 * A supervisor who does not like the sample cannot draw again quietly: each
 * commitment is in the chain, so discarded checks are visible.
 */

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

export function commitmentOf(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex.toLowerCase(), 'hex')).digest('hex');
}

/** Order-independent fingerprint of the candidate set. */
export function candidatesHash(refs: readonly string[]): string {
  const sorted = [...new Set(refs)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex');
}

export function drawSample(seedHex: string, candidates: readonly string[], n: number): string[] {
  if (!/^[0-9a-f]{64}$/i.test(seedHex)) throw new Error('seed: expected 64 hex characters');
  const key = Buffer.from(seedHex.toLowerCase(), 'hex');
  const unique = [...new Set(candidates)];
  const keyed = unique.map((ref) => ({
    ref,
    k: createHmac('sha256', key).update(`anpr-sample-v1\u0000${ref}`).digest('hex'),
  }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.ref.localeCompare(b.ref)));
  return keyed.slice(0, Math.max(0, Math.min(n, keyed.length))).map((x) => x.ref);
}

import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Random sample checks whose randomness nobody can cherry-pick.
 *
 * 1. The platform draws a secret seed (32 random bytes) and publishes only
 *    its commitment sha256(seed), together with the hash of the candidate
 *    set, in the audit chain, before anyone sees a drawn entry.
 * 2. At the draw the supervisor contributes a value of their own (random in
 *    their browser, or typed: dice, a lottery result), which the platform
 *    could not know when it committed. The draw seed is
 *    sha256(platform seed bytes || UTF-8 of the supervisor value): the
 *    platform cannot regenerate its seed until a draw suits it (the
 *    commitment fixes it), and the supervisor cannot aim their value (they
 *    do not know the platform seed).
 * 3. The draw orders the candidates by HMAC-SHA256(draw seed, ref) and
 *    takes the first n: a keyed shuffle that depends only on the seed and
 *    the set, not on the order the candidates were listed in.
 * 4. After the draw the platform seed is revealed. Anyone can check
 *    sha256(platform seed) = commitment and repeat the draw (verifyDraw).
 *
 * A supervisor who does not like the sample cannot draw again quietly: each
 * commitment is in the chain, and an abandoned or re-drawn check is flagged
 * (samples.ts, sampleFlags).
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

/** What a supervisor may contribute: visible text, short enough to read out and type again. */
export const SUPERVISOR_VALUE = { min: 8, max: 200 } as const;

/** The supervisor value as it enters the seed (trimmed), or an error message. */
export function checkSupervisorValue(
  value: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const v = value.trim();
  // Control characters would make the value impossible to read back from a report and retype.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v))
    return { ok: false, message: 'The supervisor value must be plain text on one line.' };
  if (v.length < SUPERVISOR_VALUE.min || v.length > SUPERVISOR_VALUE.max)
    return {
      ok: false,
      message: `The supervisor value must be ${SUPERVISOR_VALUE.min} to ${SUPERVISOR_VALUE.max} characters.`,
    };
  return { ok: true, value: v };
}

/**
 * The seed the draw uses: sha256(platform seed bytes || UTF-8 bytes of the
 * supervisor value). The platform seed has a fixed length (32 bytes), so the
 * concatenation is unambiguous. Checks drawn before supervisor values
 * existed (value null) drew from the platform seed alone.
 */
export function drawSeedOf(platformSeedHex: string, supervisorValue: string | null): string {
  if (!/^[0-9a-f]{64}$/i.test(platformSeedHex)) throw new Error('seed: expected 64 hex characters');
  if (supervisorValue === null) return platformSeedHex.toLowerCase();
  return createHash('sha256')
    .update(Buffer.from(platformSeedHex.toLowerCase(), 'hex'))
    .update(Buffer.from(supervisorValue, 'utf8'))
    .digest('hex');
}

export interface DrawVerification {
  /** sha256(revealed platform seed) equals the commitment published before the draw. */
  commitmentMatches: boolean;
  /** The seed the draw used, recomputed from the two published values. */
  drawSeed: string;
  /** The draw repeated from the published values. */
  refs: string[];
  /** The repeated draw equals the recorded sample, in the same order. */
  sameAsRecorded: boolean;
}

/**
 * Repeats a draw from what was published: the commitment (before the draw),
 * the platform seed (revealed after it), the supervisor value and the
 * candidates. A platform that swapped its seed after committing fails the
 * commitment check; a changed supervisor value or candidate set gives a
 * different draw.
 */
export function verifyDraw(published: {
  commitment: string;
  platformSeed: string;
  supervisorValue: string | null;
  candidates: readonly string[];
  size: number;
  recorded: readonly string[];
}): DrawVerification {
  const drawSeed = drawSeedOf(published.platformSeed, published.supervisorValue);
  const refs = drawSample(drawSeed, published.candidates, published.size);
  return {
    commitmentMatches: commitmentOf(published.platformSeed) === published.commitment.toLowerCase(),
    drawSeed,
    refs,
    sameAsRecorded:
      published.recorded.length > 0 && refs.join('\n') === published.recorded.join('\n'),
  };
}

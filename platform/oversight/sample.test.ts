import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  candidatesHash,
  checkSupervisorValue,
  commitmentOf,
  drawSample,
  drawSeedOf,
  newSeed,
} from './sample.ts';

const refs = Array.from({ length: 200 }, (_, i) => `platform:${i + 1}`);

describe('commit-reveal sample draw', () => {
  it('commits to sha256 of the seed bytes, so anyone can check a revealed seed', () => {
    const seed = newSeed();
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(commitmentOf(seed)).toBe(
      createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'),
    );
    expect(commitmentOf(seed.toUpperCase())).toBe(commitmentOf(seed));
  });

  it('draws the same entries from the same seed, whatever order the candidates are listed in', () => {
    const seed = newSeed();
    const a = drawSample(seed, refs, 10);
    const b = drawSample(seed, [...refs].reverse(), 10);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(b).toEqual(a);
    expect(candidatesHash([...refs].reverse())).toBe(candidatesHash(refs));
  });

  it('gives a different sample for a different seed, and never more than there are candidates', () => {
    const a = drawSample('11'.repeat(32), refs, 10);
    const b = drawSample('22'.repeat(32), refs, 10);
    expect(a).not.toEqual(b);
    expect(drawSample('11'.repeat(32), refs.slice(0, 3), 10)).toHaveLength(3);
    expect(drawSample('11'.repeat(32), [], 10)).toEqual([]);
  });

  it('spreads over the candidates: no entry is favoured across many seeds', () => {
    const hits = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const seed = createHash('sha256').update(String(i)).digest('hex');
      for (const r of drawSample(seed, refs.slice(0, 20), 5)) hits.set(r, (hits.get(r) ?? 0) + 1);
    }
    // Expected 100 per entry (400 draws × 5 / 20); a fair draw stays well inside 50-150.
    for (const n of hits.values()) {
      expect(n).toBeGreaterThan(50);
      expect(n).toBeLessThan(150);
    }
    expect(hits.size).toBe(20);
  });

  it('draws from sha256(platform seed || supervisor value), so neither side alone picks the draw', () => {
    const platform = '11'.repeat(32);
    const value = 'dice: 3 6 1 4 4 2';
    // The documented recipe, written out independently of drawSeedOf.
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(platform, 'hex'), Buffer.from(value, 'utf8')]))
      .digest('hex');
    expect(drawSeedOf(platform, value)).toBe(expected);
    expect(drawSeedOf(platform.toUpperCase(), value)).toBe(expected);
    // Either part changed, another draw.
    const base = drawSample(drawSeedOf(platform, value), refs, 10);
    expect(drawSample(drawSeedOf('22'.repeat(32), value), refs, 10)).not.toEqual(base);
    expect(drawSample(drawSeedOf(platform, 'dice: 3 6 1 4 4 3'), refs, 10)).not.toEqual(base);
    // Checks drawn before supervisor values existed drew from the platform seed alone.
    expect(drawSeedOf(platform, null)).toBe(platform);
    expect(checkSupervisorValue('  dice: 3 6 1 4 4 2 ')).toEqual({ ok: true, value });
    expect(checkSupervisorValue('1234567').ok).toBe(false);
  });

  it('refuses a seed that is not 32 bytes of hex', () => {
    expect(() => drawSample('not-a-seed', refs, 1)).toThrow(/64 hex/);
  });
});

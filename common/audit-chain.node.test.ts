import { describe, expect, it } from 'vitest';
import { AuditBody } from './audit.ts';
import {
  GENESIS_HASH,
  canonicalJson,
  chainEntry,
  entryHash,
  generateDeviceKeyPair,
  signCheckpoint,
  verifyChain,
  verifyCheckpoint,
  type ChainEntry,
} from './audit-chain.node.ts';

function body(i: number): AuditBody {
  return AuditBody.parse({
    at: `2026-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    actor: { officerId: 'o-17', username: 'jdupont', role: 'detective' },
    operation: 'consultation',
    action: 'reads.plate-history',
    caseId: 'case-1',
    purpose: 'judicial',
    reasonCode: 'suspect-vehicle',
    justification: 'Suspect vehicle seen leaving the burglary scene in Ixelles',
    parameters: { plate: '1ABC123', from: '2026-02-01T00:00:00Z', n: i },
    resultCount: i,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
    source: { kind: 'workstation', deviceId: 'ws-1' },
  });
}

function buildChain(n: number): ChainEntry<AuditBody>[] {
  const out: ChainEntry<AuditBody>[] = [];
  for (let i = 1; i <= n; i++) out.push(chainEntry(out.at(-1) ?? null, body(i)));
  return out;
}

/** Deep copy through JSON, as a database or an upload would hand it back. */
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('rejects what JSON would silently drop or alter', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ n: NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Infinity])).toThrow(/non-finite/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/plain object/);
    expect(() => canonicalJson(1n)).toThrow(/bigint/);
    expect(() => canonicalJson([1, , 3])).toThrow(/hole/); // eslint-disable-line no-sparse-arrays
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('is stable across a JSON round trip', () => {
    const v = { x: -0, y: 1e21, s: 'é\u2028"', arr: [null, true] };
    expect(canonicalJson(roundTrip(v))).toBe(canonicalJson(v));
  });
});

describe('hash chain', () => {
  it('links entries from the genesis hash with the documented formula', () => {
    const [first, second] = buildChain(2);
    expect(first!.seq).toBe(1);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    expect(first!.hash).toBe(entryHash(GENESIS_HASH, 1, first!.body));
    expect(verifyChain(roundTrip(buildChain(5)))).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: buildChain(5)[4]!.hash },
    });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
  });

  it('names an edited entry', () => {
    const chain = roundTrip(buildChain(5));
    chain[2]!.body.parameters.plate = '1XYZ999';
    expect(verifyChain(chain)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
  });

  it('names an entry edited and rehashed by its broken link to the next one', () => {
    const chain = roundTrip(buildChain(5));
    const e = chain[2]!;
    e.body.resultCount = 0;
    e.hash = entryHash(e.prevHash, e.seq, e.body);
    expect(verifyChain(chain)).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'broken-link' });
  });

  it('names a deleted entry, also when later entries were renumbered', () => {
    const chain = buildChain(5);
    expect(verifyChain([...chain.slice(0, 2), ...chain.slice(3)])).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'deleted',
    });
    const renumbered = roundTrip([...chain.slice(0, 2), ...chain.slice(3)]);
    renumbered[2]!.seq = 3;
    renumbered[3]!.seq = 4;
    expect(verifyChain(renumbered)).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'deleted',
    });
    expect(verifyChain(chain.slice(1))).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'deleted',
    });
  });

  it('names reordered entries', () => {
    const [a, b, c, d] = buildChain(4);
    expect(verifyChain([a!, c!, b!, d!])).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      problem: 'reordered',
    });
  });

  it('names inserted entries, with or without renumbering', () => {
    const chain = buildChain(4);
    const forged = chainEntry(chain[1]!, body(99)); // a valid-looking seq 3
    expect(verifyChain([chain[0]!, chain[1]!, forged, chain[2]!, chain[3]!])).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'inserted',
    });
    const shifted = roundTrip(chain.slice(2)).map((e) => ({ ...e, seq: e.seq + 1 }));
    expect(verifyChain([chain[0]!, chain[1]!, forged, ...shifted])).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      problem: 'inserted',
    });
  });

  it('detects truncation only against an expected head, and a rehashed rewrite against it', () => {
    const chain = buildChain(5);
    const head = { seq: 5, hash: chain[4]!.hash };
    expect(verifyChain(chain.slice(0, 3)).ok).toBe(true);
    expect(verifyChain(chain.slice(0, 3), { expectedHead: head })).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      problem: 'truncated',
    });
    // Rewrite entry 2 and rehash everything after it: self-consistent, but not what was signed.
    const rewritten: ChainEntry<AuditBody>[] = [chain[0]!];
    for (let i = 1; i < 5; i++) {
      const b = i === 1 ? { ...chain[i]!.body, resultCount: 0 } : chain[i]!.body;
      rewritten.push(chainEntry(rewritten.at(-1)!, b));
    }
    expect(verifyChain(rewritten).ok).toBe(true);
    expect(verifyChain(rewritten, { expectedHead: head })).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      problem: 'edited',
    });
    // Entries beyond an older checkpoint are fine.
    expect(verifyChain(chain, { expectedHead: { seq: 3, hash: chain[2]!.hash } }).ok).toBe(true);
  });

  it('verifies a continuation after a known position, and across a known gap', () => {
    const chain = buildChain(6);
    const after = { seq: 2, hash: chain[1]!.hash };
    expect(verifyChain(chain.slice(2), { startAfter: after })).toEqual({
      ok: true,
      count: 4,
      head: { seq: 6, hash: chain[5]!.hash },
    });
    expect(verifyChain(chain.slice(3), { startAfter: after })).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: 3,
    });
    expect(
      verifyChain([...chain.slice(0, 2), ...chain.slice(4)], {
        knownGaps: [{ fromSeq: 3, toSeq: 4 }],
      }),
    ).toMatchObject({ ok: true, count: 4 });
  });

  it('streams from any iterable', () => {
    const chain = buildChain(3);
    function* gen(): Generator<ChainEntry> {
      yield* chain;
    }
    expect(verifyChain(gen())).toMatchObject({ ok: true, count: 3 });
  });
});

describe('signed checkpoints', () => {
  const keys = generateDeviceKeyPair();
  const payload = {
    deviceId: 'ws-1',
    seq: 5,
    hash: 'a'.repeat(64),
    at: '2026-03-01T10:00:00.000Z',
  };

  it('verify with the device key and fail with another key or any changed field', () => {
    const cp = signCheckpoint(keys.privateKeyPem, payload);
    expect(verifyCheckpoint(keys.publicKeyPem, cp)).toBe(true);
    expect(verifyCheckpoint(keys.publicKeyPem, roundTrip(cp))).toBe(true);
    expect(verifyCheckpoint(generateDeviceKeyPair().publicKeyPem, cp)).toBe(false);
    expect(verifyCheckpoint(keys.publicKeyPem, { ...cp, seq: 6 })).toBe(false);
    expect(verifyCheckpoint(keys.publicKeyPem, { ...cp, hash: 'b'.repeat(64) })).toBe(false);
    expect(verifyCheckpoint(keys.publicKeyPem, { ...cp, deviceId: 'ws-2' })).toBe(false);
    expect(verifyCheckpoint(keys.publicKeyPem, { ...cp, signature: 'AAAA' })).toBe(false);
    expect(verifyCheckpoint('not a key', cp)).toBe(false);
    expect(verifyCheckpoint(keys.publicKeyPem, null)).toBe(false);
  });
});

describe('AuditBody', () => {
  const valid = body(1);

  it('requires a justification for allowed consultations and a recipient for disclosures', () => {
    expect(AuditBody.safeParse({ ...valid, justification: null }).success).toBe(false);
    expect(AuditBody.safeParse({ ...valid, justification: null, outcome: 'denied' }).success).toBe(
      true,
    );
    expect(
      AuditBody.safeParse({ ...valid, operation: 'disclosure', recipient: null }).success,
    ).toBe(false);
    expect(
      AuditBody.safeParse({ ...valid, operation: 'disclosure', recipient: 'Parquet de Bruxelles' })
        .success,
    ).toBe(true);
  });

  it('refuses an erasure entry that carries the erased plates, accepts counts', () => {
    const erasure = {
      ...valid,
      operation: 'erasure',
      action: 'retention.purge',
      justification: null,
    };
    expect(AuditBody.safeParse({ ...erasure, parameters: { plates: ['1ABC123'] } }).success).toBe(
      false,
    );
    expect(
      AuditBody.safeParse({ ...erasure, parameters: { reads: [{ plate: '1ABC123' }] } }).success,
    ).toBe(false);
    expect(
      AuditBody.safeParse({
        ...erasure,
        parameters: { platesErased: 12, capturedBefore: '2025-03-01T00:00:00Z' },
      }).success,
    ).toBe(true);
  });

  it('requires UTC timestamps and a dotted action', () => {
    expect(AuditBody.safeParse({ ...valid, at: '2026-03-01T10:00:00+01:00' }).success).toBe(false);
    expect(AuditBody.safeParse({ ...valid, action: 'Plate History' }).success).toBe(false);
  });
});

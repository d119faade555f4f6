import { describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from './audit-chain.node.ts';
import {
  openCheckpointNote,
  openNote,
  parseVerifierKey,
  signCheckpointNote,
  verifierKey,
} from './signed-note.node.ts';

describe('signed notes (C2SP)', () => {
  // The example of Go's golang.org/x/mod/sumdb/note: a note signed by the
  // reference implementation must open here, so any signed-note tool can
  // check the platform's checkpoints and the other way round.
  it('opens the reference implementation’s example note with its verifier key', () => {
    const key = parseVerifierKey(
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    );
    expect(key?.name).toBe('PeterNeumann');
    const text =
      'If you think cryptography is the answer to your problem,\n' +
      "then you don't know what your problem is.\n";
    const note =
      text +
      '\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
    expect(openNote(note, key!)).toBe(text);
    expect(openNote(note.replace('problem,', 'problem;'), key!)).toBeNull();
  });

  it('signs a checkpoint that opens only with the signer’s key and only unaltered', () => {
    const keys = generateDeviceKeyPair();
    const origin = 'platform.example/anpr-audit';
    const cp = { origin, size: 42, hash: 'ab'.repeat(32) };
    const note = signCheckpointNote(cp, keys.privateKeyPem);
    expect(note.split('\n').slice(0, 4)).toEqual([
      origin,
      '42',
      Buffer.from('ab'.repeat(32), 'hex').toString('base64'),
      '',
    ]);
    const key = { name: origin, publicKeyPem: keys.publicKeyPem };
    expect(openCheckpointNote(note, key)).toEqual(cp);
    // The published verifier key string round-trips to the same key, also
    // when its base64 part contains '+' (the field separator): about every
    // second key does, so 40 keys cover that case.
    for (let i = 0; i < 40; i++) {
      const k = i === 0 ? keys : generateDeviceKeyPair();
      const vkey = verifierKey(origin, k.publicKeyPem);
      const signed = signCheckpointNote(cp, k.privateKeyPem);
      expect(openCheckpointNote(signed, parseVerifierKey(vkey)!), vkey).toEqual(cp);
    }
    expect(openCheckpointNote(note.replace('\n42\n', '\n41\n'), key)).toBeNull();
    const other = generateDeviceKeyPair();
    expect(openCheckpointNote(note, { name: origin, publicKeyPem: other.publicKeyPem })).toBeNull();
    expect(openCheckpointNote(signCheckpointNote(cp, other.privateKeyPem), key)).toBeNull();
    expect(openCheckpointNote('not a note', key)).toBeNull();
  });
});

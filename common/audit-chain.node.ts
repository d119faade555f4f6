import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { CheckpointPayload, SignedCheckpoint, type ChainPosition } from './audit.ts';

/**
 * Tamper-evident audit log: a SHA-256 hash chain plus Ed25519-signed
 * checkpoints. Used by the platform for its own log and to check workstation
 * uploads, and by the workstation for its local log.
 *
 * Each entry commits to its predecessor's hash, its own sequence number and
 * its body, so editing, deleting, inserting or reordering an entry breaks the
 * chain at a point `verifyChain` can name. Cutting off the newest entries (or
 * rewriting and rehashing everything after a point) leaves a consistent chain;
 * only an independently kept head catches that, which is what signed
 * checkpoints are for: the device signs "entry N has hash H" and the platform
 * keeps that statement.
 */

export type { ChainPosition } from './audit.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainEntry<T = unknown> {
  seq: number;
  prevHash: string;
  hash: string;
  body: T;
}

// ---------------------------------------------------------------------------
// Canonical JSON
// ---------------------------------------------------------------------------

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, i.e. the
 * default JS sort), no whitespace, numbers and strings as JSON.stringify
 * writes them. Values that JSON would silently drop or alter (undefined,
 * functions, symbols, NaN/Infinity, bigint, Dates, Maps, class instances) are
 * rejected instead: a body must hash the same after a JSON round trip through
 * a database or an HTTP upload. Errors name the path, never the value (which
 * may be personal data).
 */
export function canonicalJson(value: unknown): string {
  const inProgress = new Set<object>();
  const walk = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
        return JSON.stringify(v);
      case 'object': {
        if (inProgress.has(v)) throw new TypeError(`canonicalJson: cycle at ${path}`);
        inProgress.add(v);
        try {
          if (Array.isArray(v)) {
            const parts: string[] = [];
            for (let i = 0; i < v.length; i++) {
              if (!(i in v)) throw new TypeError(`canonicalJson: hole in array at ${path}[${i}]`);
              parts.push(walk(v[i], `${path}[${i}]`));
            }
            return `[${parts.join(',')}]`;
          }
          const proto: unknown = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            throw new TypeError(`canonicalJson: not a plain object at ${path}`);
          }
          if (Object.getOwnPropertySymbols(v).length > 0) {
            throw new TypeError(`canonicalJson: symbol key at ${path}`);
          }
          const record = v as Record<string, unknown>;
          const keys = Object.keys(record).sort();
          return `{${keys.map((k) => `${JSON.stringify(k)}:${walk(record[k], `${path}.${k}`)}`).join(',')}}`;
        } finally {
          inProgress.delete(v);
        }
      }
      default:
        throw new TypeError(`canonicalJson: ${typeof v} at ${path} is not JSON`);
    }
  };
  return walk(value, '$');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** hash = sha256hex(prevHash + '\n' + seq + '\n' + canonicalJson(body)) */
export function entryHash(prevHash: string, seq: number, body: unknown): string {
  return sha256Hex(`${prevHash}\n${seq}\n${canonicalJson(body)}`);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The next entry after `prev` (null: the first entry, seq 1, linked to GENESIS_HASH). */
export function chainEntry<T>(prev: ChainPosition | null, body: T): ChainEntry<T> {
  if (
    prev !== null &&
    (!Number.isSafeInteger(prev.seq) || prev.seq < 0 || !HEX64.test(prev.hash))
  ) {
    throw new TypeError('chainEntry: invalid previous position');
  }
  const seq = prev === null ? 1 : prev.seq + 1;
  const prevHash = prev === null ? GENESIS_HASH : prev.hash;
  return { seq, prevHash, hash: entryHash(prevHash, seq, body), body };
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

export type ChainProblem =
  'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated' | 'broken-link';

export type VerifyResult =
  | { ok: true; count: number; head: ChainPosition | null }
  | { ok: false; firstBadSeq: number; problem: ChainProblem; message: string };

export interface VerifyOptions {
  /**
   * A head known independently (a signed checkpoint, a stored head): the chain
   * must reach it and have that hash there. Entries after it are fine.
   */
  expectedHead?: ChainPosition;
  /** Verify a continuation: the first entry must follow this position. */
  startAfter?: ChainPosition;
  /**
   * Missing ranges already known and recorded (e.g. a workstation lost
   * entries before upload). The entry after a known gap is re-anchored on its
   * own prevHash instead of being reported as a deletion.
   */
  knownGaps?: ReadonlyArray<{ fromSeq: number; toSeq: number }>;
}

/** How many recent hashes are remembered to recognise a shifted (inserted-before) entry. */
const RECENT_HASHES = 4096;

/**
 * Walks the entries in the order given (normally ascending seq) and names the
 * first bad one:
 * - `edited`: the entry's hash does not match its content (or its content was
 *   changed and rehashed so that it no longer matches a signed checkpoint);
 * - `deleted`: a sequence number is missing (also when later entries were
 *   renumbered to close the hole);
 * - `reordered`: the missing number appears later in the list;
 * - `inserted`: a number is used twice, or an entry was slipped in and the
 *   following ones renumbered;
 * - `broken-link`: every entry is self-consistent but one no longer matches
 *   the hash its successor committed to (rewritten and rehashed in place);
 * - `truncated`: the chain stops before `expectedHead`.
 * Accepts any iterable so a database cursor can be streamed; reordering is
 * only told apart from deletion when an array is given (it needs lookahead).
 */
export function verifyChain(
  entries: Iterable<ChainEntry>,
  options: VerifyOptions = {},
): VerifyResult {
  const { expectedHead, startAfter, knownGaps = [] } = options;
  let prev: ChainPosition = startAfter ?? { seq: 0, hash: GENESIS_HASH };
  // True while `prev` is an anchor (start or re-anchored after a gap) rather
  // than an entry this walk verified: a broken link then names the entry itself.
  let prevIsAnchor = true;
  let count = 0;
  let hashAtExpectedHead: string | undefined =
    expectedHead?.seq === prev.seq ? prev.hash : undefined;
  const recent = new Map<string, number>();
  const laterSeqs = Array.isArray(entries)
    ? new Set((entries as ChainEntry[]).map((e) => e?.seq))
    : null;
  const gapAfter = new Map(knownGaps.map((g) => [g.fromSeq, g.toSeq]));
  const inKnownGap = (seq: number): boolean =>
    knownGaps.some((g) => seq >= g.fromSeq && seq <= g.toSeq);
  const fail = (firstBadSeq: number, problem: ChainProblem, message: string): VerifyResult => ({
    ok: false,
    firstBadSeq,
    problem,
    message,
  });

  for (const e of entries) {
    const expected = prev.seq + 1;
    if (
      e === null ||
      typeof e !== 'object' ||
      !Number.isSafeInteger(e.seq) ||
      typeof e.hash !== 'string' ||
      typeof e.prevHash !== 'string'
    ) {
      return fail(expected, 'edited', `Entry ${expected} is malformed.`);
    }

    if (e.seq !== expected) {
      if (e.seq < expected) {
        if (inKnownGap(e.seq)) {
          return fail(
            e.seq,
            'reordered',
            `Entry ${e.seq} appears after entry ${prev.seq}: the log was reordered.`,
          );
        }
        return fail(
          e.seq,
          'inserted',
          `Sequence number ${e.seq} is used twice: an entry was inserted.`,
        );
      }
      if (gapAfter.get(expected) === e.seq - 1) {
        prev = { seq: e.seq - 1, hash: e.prevHash };
        prevIsAnchor = true;
      } else if (laterSeqs?.has(expected)) {
        return fail(
          expected,
          'reordered',
          `Entry ${expected} is out of order: entry ${e.seq} comes before it.`,
        );
      } else {
        const last = e.seq - 1;
        return fail(
          expected,
          'deleted',
          last === expected
            ? `Entry ${expected} is missing.`
            : `Entries ${expected} to ${last} are missing.`,
        );
      }
    }

    // A link to an older entry than the previous one: entries were slipped in
    // before this one and the rest renumbered.
    if (e.prevHash !== prev.hash) {
      const linkedSeq = recent.get(e.prevHash);
      if (linkedSeq !== undefined && linkedSeq < prev.seq) {
        return fail(
          linkedSeq + 1,
          'inserted',
          `Entries ${linkedSeq + 1} to ${prev.seq} were inserted: entry ${e.seq} was written right after entry ${linkedSeq}.`,
        );
      }
    }

    let computed: string;
    try {
      computed = entryHash(e.prevHash, e.seq, e.body);
    } catch {
      return fail(e.seq, 'edited', `Entry ${e.seq} has a body that is not valid JSON data.`);
    }
    if (computed !== e.hash) {
      let renumbered = false;
      try {
        renumbered = entryHash(e.prevHash, e.seq + 1, e.body) === e.hash;
      } catch {
        // already known not to hash; fall through to "edited"
      }
      if (renumbered) {
        return fail(
          e.seq,
          'deleted',
          `Entry ${e.seq} was deleted and the following entries renumbered to hide it.`,
        );
      }
      return fail(
        e.seq,
        'edited',
        `Entry ${e.seq} was altered after it was written: its hash no longer matches its content.`,
      );
    }

    if (e.prevHash !== prev.hash) {
      if (prevIsAnchor) {
        return fail(
          e.seq,
          'broken-link',
          `Entry ${e.seq} does not follow from the verified position ${prev.seq}: its link to the previous entry is broken.`,
        );
      }
      return fail(
        prev.seq,
        'broken-link',
        `Entry ${prev.seq} no longer matches the hash entry ${e.seq} recorded for it: it was rewritten and rehashed.`,
      );
    }

    recent.set(e.hash, e.seq);
    if (recent.size > RECENT_HASHES) recent.delete(recent.keys().next().value as string);
    if (expectedHead?.seq === e.seq) hashAtExpectedHead = e.hash;
    prev = { seq: e.seq, hash: e.hash };
    prevIsAnchor = false;
    count++;
  }

  if (expectedHead) {
    if (expectedHead.seq > prev.seq) {
      const from = prev.seq + 1;
      return fail(
        from,
        'truncated',
        from === expectedHead.seq
          ? `Entry ${from} is missing from the end of the log (a checkpoint shows it existed).`
          : `Entries ${from} to ${expectedHead.seq} are missing from the end of the log (a checkpoint shows they existed).`,
      );
    }
    if (hashAtExpectedHead !== undefined && hashAtExpectedHead !== expectedHead.hash) {
      return fail(
        expectedHead.seq,
        'edited',
        `Entry ${expectedHead.seq} does not match the signed checkpoint: an entry at or before it was altered and the chain rehashed.`,
      );
    }
  }

  return { ok: true, count, head: count > 0 || startAfter ? prev : null };
}

// ---------------------------------------------------------------------------
// Signed checkpoints (Ed25519)
// ---------------------------------------------------------------------------

/** Domain separation: a checkpoint signature can never be replayed as another signed message. */
const CHECKPOINT_CONTEXT = 'anpr-audit-checkpoint/v1\n';

export type { CheckpointPayload, SignedCheckpoint } from './audit.ts';

export function generateDeviceKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function checkpointMessage(p: CheckpointPayload): Buffer {
  const { deviceId, seq, hash, at } = p;
  return Buffer.from(CHECKPOINT_CONTEXT + canonicalJson({ deviceId, seq, hash, at }), 'utf8');
}

export function signCheckpoint(
  privateKeyPem: string,
  payload: CheckpointPayload,
): SignedCheckpoint {
  const p = CheckpointPayload.parse(payload);
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new TypeError('signCheckpoint: an Ed25519 private key is required');
  return { ...p, signature: sign(null, checkpointMessage(p), key).toString('base64') };
}

/** False (never throws) for a wrong key, a bad signature, a non-Ed25519 key or a malformed checkpoint. */
export function verifyCheckpoint(publicKeyPem: string, checkpoint: unknown): boolean {
  const parsed = SignedCheckpoint.safeParse(checkpoint);
  if (!parsed.success) return false;
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const signature = Buffer.from(parsed.data.signature, 'base64');
    if (signature.length !== 64) return false;
    return verify(null, checkpointMessage(parsed.data), key, signature);
  } catch {
    return false;
  }
}

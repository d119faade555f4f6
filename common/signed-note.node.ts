import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

/**
 * Checkpoints of the platform's audit chain as C2SP signed notes
 * (https://c2sp.org/signed-note) carrying a C2SP checkpoint body
 * (https://c2sp.org/tlog-checkpoint), the format transparency logs and their
 * witnesses exchange:
 *
 *     <origin>\n
 *     <size>\n
 *     <base64 of the 32-byte hash of entry <size>>\n
 *     \n
 *     — <key name> <base64(4-byte key id || 64-byte Ed25519 signature)>\n
 *
 * Chosen over a compact JWS because the note is plain text a supervisor can
 * read, any signed-note tool (Go's sumdb/note, witnesses) can verify it, and
 * "size N, head hash H" is exactly what a witness needs to hold.
 *
 * One difference from a transparency log: the audit chain is a hash chain,
 * not an RFC 9162 Merkle tree, so the third line is the chain hash of entry
 * `size` (the hash every later entry commits to, GENESIS for size 0), not a
 * Merkle root. A checkpoint still fixes the chain's first `size` entries;
 * what it cannot give without a Merkle tree is a compact proof that a later
 * checkpoint extends an earlier one.
 */

export interface CheckpointNote {
  /** Identifies the log; also the signing key's name. */
  origin: string;
  /** Entries in the chain. */
  size: number;
  /** Hex SHA-256 chain hash of entry `size`. */
  hash: string;
}

export interface NoteVerifierKey {
  /** Key name (the log's origin). */
  name: string;
  /** Ed25519 public key, SPKI PEM. */
  publicKeyPem: string;
}

const SIGNATURE_PREFIX = '\u2014 ';
const ED25519 = 0x01;
const HEX64 = /^[0-9a-f]{64}$/;
/** A checkpoint is a few hundred bytes; anything larger is not one. */
const MAX_NOTE_CHARS = 8192;

/** Key names and origins: non-empty, no Unicode space, no '+' (signed-note's rule). */
export function validKeyName(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !/[\s+]/u.test(name);
}

function rawEd25519(publicKeyPem: string): Buffer {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('an Ed25519 key is required');
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32); // SPKI of Ed25519: 12-byte header + 32-byte key
}

/** key id = SHA-256(name || 0x0A || 0x01 || public key)[:4] */
export function noteKeyId(name: string, publicKeyPem: string): Buffer {
  return createHash('sha256')
    .update(
      Buffer.concat([
        Buffer.from(`${name}\n`, 'utf8'),
        Buffer.from([ED25519]),
        rawEd25519(publicKeyPem),
      ]),
    )
    .digest()
    .subarray(0, 4);
}

/** The verifier key as signed-note tools print it: `<name>+<hex key id>+<base64(0x01 || key)>`. */
export function verifierKey(name: string, publicKeyPem: string): string {
  const body = Buffer.concat([Buffer.from([ED25519]), rawEd25519(publicKeyPem)]);
  return `${name}+${noteKeyId(name, publicKeyPem).toString('hex')}+${body.toString('base64')}`;
}

/** The public key (SPKI PEM) and name of a verifier key string; null if it is not an Ed25519 one. */
export function parseVerifierKey(vkey: string): NoteVerifierKey | null {
  // The base64 key may itself contain '+': only the first two separate fields.
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) return null;
  const [name, id, b64] = [
    vkey.slice(0, first),
    vkey.slice(first + 1, second),
    vkey.slice(second + 1),
  ];
  if (!validKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) return null;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) return null;
  try {
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]);
    const publicKeyPem = createPublicKey({ key: spki, format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    if (noteKeyId(name, publicKeyPem).toString('hex') !== id) return null;
    return { name, publicKeyPem };
  } catch {
    return null;
  }
}

/** The text a checkpoint signs: origin, size, base64 hash, each ending in a newline. */
export function checkpointText(c: CheckpointNote): string {
  if (!validKeyName(c.origin)) throw new TypeError('checkpoint origin: no spaces or "+"');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new TypeError('checkpoint size');
  if (!HEX64.test(c.hash)) throw new TypeError('checkpoint hash: 64 hex digits');
  return `${c.origin}\n${c.size}\n${Buffer.from(c.hash, 'hex').toString('base64')}\n`;
}

/** Signs `text` (non-empty, newline-terminated, no blank line) as a signed note. */
export function signNote(text: string, name: string, privateKeyPem: string): string {
  if (!text.endsWith('\n') || text.includes('\n\n') || text.length === 0) {
    throw new TypeError('signNote: text must be non-empty lines each ending in a newline');
  }
  if (!validKeyName(name)) throw new TypeError('signNote: invalid key name');
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('signNote: Ed25519 key required');
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const signature = sign(null, Buffer.from(text, 'utf8'), key);
  const blob = Buffer.concat([noteKeyId(name, publicKeyPem), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${name} ${blob}\n`;
}

export function signCheckpointNote(c: CheckpointNote, privateKeyPem: string): string {
  return signNote(checkpointText(c), c.origin, privateKeyPem);
}

/**
 * The text of a note if it carries a valid signature by `key`; null otherwise
 * (never throws). Signatures by other keys are ignored, as the spec asks.
 */
export function openNote(note: string, key: NoteVerifierKey): string | null {
  if (typeof note !== 'string' || note.length > MAX_NOTE_CHARS) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let wanted: Buffer;
  try {
    wanted = noteKeyId(key.name, key.publicKeyPem);
  } catch {
    return null;
  }
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return null;
    const [name, blob, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (!name || !blob || extra !== undefined) return null;
    const raw = Buffer.from(blob, 'base64');
    if (raw.length < 5) return null;
    if (name !== key.name || !raw.subarray(0, 4).equals(wanted)) continue;
    try {
      return verify(null, Buffer.from(text, 'utf8'), key.publicKeyPem, raw.subarray(4))
        ? text
        : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The checkpoint a note carries if `key` signed it and its body is a checkpoint of `key.name`; else null. */
export function openCheckpointNote(note: string, key: NoteVerifierKey): CheckpointNote | null {
  const text = openNote(note, key);
  if (text === null) return null;
  const [origin, size, b64] = text.split('\n');
  if (origin !== key.name || size === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(size)) {
    return null;
  }
  const hash = Buffer.from(b64 ?? '', 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== b64) return null;
  const n = Number(size);
  return Number.isSafeInteger(n) ? { origin, size: n, hash: hash.toString('hex') } : null;
}

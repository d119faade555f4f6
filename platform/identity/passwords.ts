import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no extra dependency). Each hash
 * carries its own salt and cost parameters, so the cost can be raised later
 * without invalidating existing passwords.
 */

const KEY_LENGTH = 32;

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      // maxmem must exceed 128 * N * r, or node refuses the higher costs.
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.log2N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

// A fixed, well-formed hash to spend the same time on unknown usernames, so
// response time does not reveal which usernames exist.
const DUMMY_HASH = `scrypt$${DEFAULT_SCRYPT.log2N}$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? DUMMY_HASH).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, log2N, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const params = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  if (
    ![params.log2N, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) ||
    params.log2N > 22
  ) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  const equal = expected.length === actual.length && timingSafeEqual(expected, actual);
  return stored !== null && equal;
}

/** Readable alphabet without look-alikes (0/O, 1/l/I). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 4 groups of 5 characters (about 116 bits). */
export function generatePassword(): string {
  return fromBytes(randomBytes(20));
}

/** Maps bytes to the readable alphabet (used for derived demo passwords too). */
export function passwordFromBytes(bytes: Uint8Array): string {
  return fromBytes(bytes);
}

function fromBytes(bytes: Uint8Array): string {
  if (bytes.length < 20) throw new Error('A password needs 20 random bytes.');
  const chars: string[] = [];
  for (let i = 0; i < 20; i++) {
    // The slight modulo bias costs well under a bit of the ~116 bits.
    chars.push(ALPHABET[bytes[i]! % ALPHABET.length]!);
  }
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

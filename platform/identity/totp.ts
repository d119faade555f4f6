import { randomBytes } from 'node:crypto';
import { generate, generateURI, verify } from 'otplib';

/**
 * TOTP (RFC 6238, SHA-1, 6 digits, 30 s: what every authenticator app reads).
 * Time is passed in; replay is blocked by refusing any step at or before the
 * last accepted one.
 */

export const TOTP_PERIOD = 30;
/** Accept the previous and the next code too: phones drift by a few seconds. */
const TOLERANCE_SECONDS = TOTP_PERIOD;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A new 160-bit secret (otplib refuses secrets under 16 bytes). */
export function newTotpSecret(bytes: Uint8Array = randomBytes(20)): string {
  if (bytes.length < 16) throw new Error('A TOTP secret needs at least 16 bytes.');
  return base32Encode(bytes);
}

export function totpUri(secret: string, username: string, issuer = 'ANPR Platform'): string {
  return generateURI({ issuer, label: username, secret, period: TOTP_PERIOD });
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD);
}

export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000), period: TOTP_PERIOD });
}

export type TotpCheck = { valid: true; step: number } | { valid: false; replayed: boolean };

export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastAcceptedStep: number | null,
): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { valid: false, replayed: false };
  const epoch = Math.floor(now.getTime() / 1000);
  const base = {
    secret,
    token: code,
    epoch,
    period: TOTP_PERIOD,
    epochTolerance: TOLERANCE_SECONDS,
  };
  const result = await verify(
    lastAcceptedStep === null ? base : { ...base, afterTimeStep: lastAcceptedStep },
  );
  if (result.valid && 'timeStep' in result) return { valid: true, step: result.timeStep };
  if (lastAcceptedStep !== null) {
    // Tell replay apart from a wrong code, for the audit trail only.
    const again = await verify(base);
    return { valid: false, replayed: again.valid };
  }
  return { valid: false, replayed: false };
}

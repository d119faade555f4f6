/**
 * This workstation's identity in the audit chain: a random device id (kept in
 * the workstation database settings) and an Ed25519 signing key pair whose
 * private half lives only in the system keychain (`device-signing-key`).
 *
 * The public key is also remembered in the settings. That is not a secret; it
 * lets the workstation notice that the keychain entry was lost or replaced
 * (keychain reset, data folder copied to another machine) instead of quietly
 * minting a new key: a new key would make every earlier checkpoint
 * unverifiable and the platform would refuse the device's uploads.
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { ApiError } from '../../../common/api/result.ts';
import { generateDeviceKeyPair } from '../../../common/audit-chain.node.ts';
import { KeychainAccounts, type SecretStore } from '../keychain.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';

export const DEVICE_ID_SETTING = 'audit.deviceId';
export const DEVICE_PUBLIC_KEY_SETTING = 'audit.devicePublicKey';

/** What the platform accepts as a device id (common/platform-api.ts). */
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

export interface DeviceIdentity {
  deviceId: string;
  publicKeyPem: string;
  /** Held in memory only, for signing checkpoints. */
  privateKeyPem: string;
}

/** `ws-` and 128 random bits in hex: unique per installation, says nothing about the officer or the machine. */
export function newDeviceId(): string {
  return `ws-${randomBytes(16).toString('hex')}`;
}

export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

/**
 * Loads the device id and key pair, creating them on first use. The private
 * key is written to the keychain before the public key is recorded, so there
 * is never a recorded public key without its private half having been saved.
 */
export async function loadDeviceIdentity(options: {
  workstation: RemoteWorkstationStore;
  secrets: SecretStore;
  now: Date;
  /** Normally absent (a random id is created once); a given id must match the stored one. */
  deviceId?: string;
}): Promise<DeviceIdentity> {
  const { workstation, secrets, now } = options;

  const stored = await workstation.getSetting(DEVICE_ID_SETTING);
  if (stored !== null && !isDeviceId(stored)) {
    throw new ApiError(
      'PRECONDITION_FAILED',
      'The device id recorded in the workstation database is malformed. Contact your IT support.',
    );
  }
  if (options.deviceId !== undefined && !isDeviceId(options.deviceId)) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      'A device id has 8-64 letters, digits, dashes or underscores.',
    );
  }
  if (stored !== null && options.deviceId !== undefined && stored !== options.deviceId) {
    throw new ApiError(
      'CONFLICT',
      'This workstation database already belongs to another device id: an audit chain cannot change devices.',
    );
  }
  const deviceId = stored ?? options.deviceId ?? newDeviceId();
  if (stored === null) await workstation.setSetting(DEVICE_ID_SETTING, deviceId, now);

  const knownPublic = await workstation.getSetting(DEVICE_PUBLIC_KEY_SETTING);
  let privateKeyPem = await secrets.get(KeychainAccounts.deviceSigningKey);

  if (privateKeyPem === null) {
    if (typeof knownPublic === 'string') {
      throw new ApiError(
        'PRECONDITION_FAILED',
        "This workstation's audit signing key is missing from the system keychain (the keychain was reset or " +
          'the data folder comes from another computer). The local audit log can no longer be signed; a new key ' +
          'is not created automatically because the platform would refuse it. Contact your IT support.',
      );
    }
    const pair = generateDeviceKeyPair();
    await secrets.set(KeychainAccounts.deviceSigningKey, pair.privateKeyPem);
    privateKeyPem = pair.privateKeyPem;
  }

  const publicKeyPem = publicKeyOf(privateKeyPem);
  if (typeof knownPublic === 'string' && knownPublic !== publicKeyPem) {
    throw new ApiError(
      'PRECONDITION_FAILED',
      "The audit signing key in the system keychain is not the one this workstation's audit log was signed " +
        'with. Contact your IT support.',
    );
  }
  if (knownPublic === null)
    await workstation.setSetting(DEVICE_PUBLIC_KEY_SETTING, publicKeyPem, now);

  return { deviceId, publicKeyPem, privateKeyPem };
}

/** The SPKI PEM of an Ed25519 private key; refuses anything else without echoing it. */
function publicKeyOf(privateKeyPem: string): string {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new ApiError(
      'PRECONDITION_FAILED',
      'The audit signing key stored in the system keychain is unreadable. Contact your IT support.',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ApiError(
      'PRECONDITION_FAILED',
      'The audit signing key stored in the system keychain is not an Ed25519 key. Contact your IT support.',
    );
  }
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

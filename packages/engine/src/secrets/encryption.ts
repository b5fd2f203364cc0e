/**
 * Encryption of secret data at rest: AES-256-GCM (node:crypto) with a random 96-bit IV per seal,
 * the secret's identity as additional data (a sealed value copied onto another secret does not
 * open), and the id of the key that sealed it, so a keyring can hold the current key and the ones
 * being rotated out.
 *
 * @example
 * const keyring = keyringOf([generateSecretKey()]);
 * const sealed = sealData(keyring, 'ns/creds', { password: 'hunter22' });
 * openData(keyring, 'ns/creds', sealed); // { password: 'hunter22' }
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const secretKeyBytes = 32;

/** Secret data as stored: the key that sealed it and the AES-256-GCM parts, base64. */
export interface SealedData {
  readonly keyId: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

export interface SecretKeyring {
  /** The key new seals use. */
  readonly current: Buffer;
  readonly currentId: string;
  /** Every key that opens seals, by id (the current one included). */
  readonly keys: ReadonlyMap<string, Buffer>;
}

export class SecretKeyError extends Error {}

export function generateSecretKey(): Buffer {
  return randomBytes(secretKeyBytes);
}

/** A short, stable id of a key (not enough to guess it): the first 16 hex digits of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A key written as base64 (or 64 hex digits); `source` names where it came from in errors. */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== secretKeyBytes)
    throw new SecretKeyError(`${source}: a secret key is ${secretKeyBytes} bytes written as base64 or hex`);
  return key;
}

/** A keyring whose first key is the current one. */
export function keyringOf(keys: readonly Buffer[]): SecretKeyring {
  const [current] = keys;
  if (!current) throw new SecretKeyError('a keyring needs at least one key');
  return {
    current,
    currentId: keyIdOf(current),
    keys: new Map(keys.map((key) => [keyIdOf(key), key])),
  };
}

export function sealData(
  keyring: SecretKeyring,
  identity: string,
  data: Readonly<Record<string, string>>,
): SealedData {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current, iv);
  cipher.setAAD(Buffer.from(identity, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return {
    keyId: keyring.currentId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The data, or SecretKeyError when no key of the ring sealed it or it was tampered with. */
export function openData(
  keyring: SecretKeyring,
  identity: string,
  sealed: SealedData,
): Record<string, string> {
  const key = keyring.keys.get(sealed.keyId);
  if (!key)
    throw new SecretKeyError(
      `secret ${identity} was encrypted with key ${sealed.keyId}, which this server does not have (WEFT_SECRET_KEY or <data>/secret.key)`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(identity, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  } catch {
    throw new SecretKeyError(`secret ${identity}: its encrypted data does not open with key ${sealed.keyId}`);
  }
}

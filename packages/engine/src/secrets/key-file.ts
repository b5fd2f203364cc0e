/**
 * Where the server's secret keys come from: `WEFT_SECRET_KEY` (and `WEFT_SECRET_KEY_PREVIOUS`
 * while rotating), else `<data>/secret.key`, created with mode 0600 on first start. The file holds
 * one base64 key per line, the current one first; older lines are keys being rotated out.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateSecretKey,
  keyringOf,
  parseSecretKey,
  SecretKeyError,
  type SecretKeyring,
} from './encryption.js';

export const secretKeyFileName = 'secret.key';

export function secretKeyPathOf(dataDir: string): string {
  return join(dataDir, secretKeyFileName);
}

export interface LoadedKeyring {
  readonly keyring: SecretKeyring;
  /** Where the keys came from (for the startup log): the variable, or the file's path. */
  readonly source: string;
  /** The key file was created now. */
  readonly created: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The keyring from the environment, else from the key file (created when absent). */
export function loadKeyring(dataDir: string, env: Env = process.env): LoadedKeyring {
  const fromEnv = env.WEFT_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    const keys = [parseSecretKey(fromEnv, 'WEFT_SECRET_KEY')];
    const previous = env.WEFT_SECRET_KEY_PREVIOUS;
    if (previous) keys.push(parseSecretKey(previous, 'WEFT_SECRET_KEY_PREVIOUS'));
    return { keyring: keyringOf(keys), source: 'WEFT_SECRET_KEY', created: false };
  }
  const path = secretKeyPathOf(dataDir);
  if (!existsSync(path)) {
    writeKeyFile(path, [generateSecretKey()]);
    return { keyring: readKeyFile(path), source: path, created: true };
  }
  return { keyring: readKeyFile(path), source: path, created: false };
}

export function readKeyFile(path: string): SecretKeyring {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new SecretKeyError(
      `${path}: mode ${mode.toString(8)} lets others read the secret key; chmod 600 it`,
    );
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return keyringOf(lines.map((line, index) => parseSecretKey(line, `${path} line ${index + 1}`)));
}

/** Writes the keys (current first) atomically with mode 0600. */
export function writeKeyFile(path: string, keys: readonly Buffer[]): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${keys.map((key) => key.toString('base64')).join('\n')}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/**
 * The server's secrets, wired: the keyring (WEFT_SECRET_KEY or <data>/secret.key, created 0600),
 * the sealed vault over the store, the live redactor of every value, and key rotation.
 *
 *   start ─► loadKeyring ─► SecretVault ─► reseal with the current key if an older one is in use
 *         └► LiveRedactor (refreshed on every Secret change)
 */
import {
  generateSecretKey,
  keyringOf,
  loadKeyring,
  type SecretKeyring,
  type Store,
  secretKeyPathOf,
  writeKeyFile,
} from '@weft/engine';
import type { ObjectEvents } from '../watch/object-events.js';
import { LiveRedactor } from './live-redactor.js';
import { SecretVault } from './secret-vault.js';

export interface ServerSecrets {
  readonly vault: SecretVault;
  readonly redactor: LiveRedactor;
  /** Absent when keys come from WEFT_SECRET_KEY (rotate by changing it and restarting). */
  readonly rotateKey?: () => Promise<{ keyId: string; resealed: number }>;
  readonly stop: () => void;
}

export async function setUpSecrets(options: {
  readonly store: Store;
  readonly events: ObjectEvents;
  readonly dataDir: string;
  readonly log: (line: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}): Promise<ServerSecrets> {
  const loaded = loadKeyring(options.dataDir, options.env);
  if (loaded.created)
    options.log(`created the secret key ${loaded.source} (mode 0600); back it up with the data`);
  let keyring: SecretKeyring = loaded.keyring;
  const redactor = new LiveRedactor(() => vault.allValues());
  const vault: SecretVault = new SecretVault(options.store, keyring, () => redactor.refresh());
  if (keyring.keys.size > 1) {
    const resealed = await vault.reseal(keyring);
    options.log(`re-sealed ${resealed} secret(s) with the current key ${keyring.currentId}`);
  }
  await redactor.refresh();
  const stop = options.events.subscribe((event) => {
    if (event.kind === 'Secret') void redactor.refresh().catch(() => undefined);
  });
  const rotateKey =
    loaded.source === 'WEFT_SECRET_KEY'
      ? undefined
      : async () => {
          const path = secretKeyPathOf(options.dataDir);
          const fresh = generateSecretKey();
          const old = [...keyring.keys.values()];
          // Both keys on disk until every Secret is re-sealed: a crash meanwhile loses nothing.
          writeKeyFile(path, [fresh, ...old]);
          const resealed = await vault.reseal(keyringOf([fresh, ...old]));
          keyring = keyringOf([fresh]);
          vault.useKeyring(keyring);
          writeKeyFile(path, [fresh]);
          options.log(`secret key rotated to ${keyring.currentId}; ${resealed} secret(s) re-sealed`);
          return { keyId: keyring.currentId, resealed };
        };
  return { vault, redactor, ...(rotateKey ? { rotateKey } : {}), stop };
}

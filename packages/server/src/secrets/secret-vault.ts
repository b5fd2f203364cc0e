/**
 * Secrets in the store, sealed: each is kept as `{metadata, type, keys, sealed}` where `sealed` is
 * its data encrypted with the server's current key (AES-256-GCM, the namespace/name as additional
 * data). Only `data()` opens them — for steps and artifact repositories; every view given to
 * clients lists names and keys, never values.
 *
 *   API / weft secret create ─► checkSecret ─► seal ─► store (kind Secret)
 *   withSecrets (steps), artifact credentials ─► data(namespace, names) ─► open
 *   redaction ─► allValues()
 */
import {
  openData,
  type SealedData,
  type SecretData,
  type SecretKeyring,
  type Store,
  type StoredObject,
  sealData,
} from '@weft/engine';
import type { CheckedSecret } from './secret-manifest.js';

/** What clients see of a Secret: no values. */
export interface SecretView {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly metadata: StoredObject['metadata'];
  readonly type: string;
  /** The names of its keys, sorted. */
  readonly keys: readonly string[];
}

interface StoredSecret extends StoredObject {
  type?: string;
  keys?: string[];
  sealed?: SealedData;
}

export class SecretVault {
  readonly #store: Store;
  #keyring: SecretKeyring;
  /** Called after every change, so redaction learns new values. */
  readonly #changed: () => Promise<void> | void;

  constructor(store: Store, keyring: SecretKeyring, changed: () => Promise<void> | void = () => {}) {
    this.#store = store;
    this.#keyring = keyring;
    this.#changed = changed;
  }

  async create(namespace: string, secret: CheckedSecret): Promise<SecretView> {
    const created = await this.#store.create(this.#record(namespace, secret));
    await this.#changed();
    return viewOf(created);
  }

  /** Replaces a Secret's data (the `resourceVersion` given, if any, must be the stored one). */
  async update(namespace: string, secret: CheckedSecret, resourceVersion?: string): Promise<SecretView> {
    const record = this.#record(namespace, secret);
    const updated = await this.#store.update({
      ...record,
      metadata: { ...record.metadata, ...(resourceVersion ? { resourceVersion } : {}) },
    });
    await this.#changed();
    return viewOf(updated);
  }

  async get(namespace: string, name: string): Promise<SecretView | undefined> {
    const found = await this.#store.get({ kind: 'Secret', namespace, name });
    return found ? viewOf(found) : undefined;
  }

  async list(namespace?: string): Promise<SecretView[]> {
    const items: SecretView[] = [];
    let next: string | undefined;
    do {
      const page = await this.#store.list('Secret', { namespace, limit: 500, continue: next });
      items.push(...page.items.map(viewOf));
      next = page.continue;
    } while (next);
    return items;
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.#store.delete({ kind: 'Secret', namespace, name });
    await this.#changed();
  }

  /** Decoded data of the named Secrets of a namespace; names not stored are left out. */
  async data(namespace: string, names: readonly string[]): Promise<SecretData> {
    const out: Record<string, Record<string, string>> = {};
    for (const name of names) {
      const found = (await this.#store.get({ kind: 'Secret', namespace, name })) as StoredSecret | undefined;
      if (found) out[name] = this.#open(found);
    }
    return out;
  }

  /** Every value of every Secret (for redaction). */
  async allValues(): Promise<string[]> {
    const values: string[] = [];
    for (const secret of await this.#all()) values.push(...Object.values(this.#open(secret)));
    return values;
  }

  /**
   * Re-seals every Secret with the keyring's current key (the old key must still be in it);
   * returns how many were re-sealed. Used by key rotation.
   */
  async reseal(keyring: SecretKeyring): Promise<number> {
    let count = 0;
    for (const secret of await this.#all()) {
      const data = this.#open(secret, keyring);
      const identity = identityOf(secret.metadata.namespace ?? 'default', secret.metadata.name);
      await this.#store.update({ ...secret, sealed: sealData(keyring, identity, data) });
      count++;
    }
    this.#keyring = keyring;
    return count;
  }

  /** Seals and opens with this keyring from now on (after a rotation dropped older keys). */
  useKeyring(keyring: SecretKeyring): void {
    this.#keyring = keyring;
  }

  async #all(): Promise<StoredSecret[]> {
    const all: StoredSecret[] = [];
    let next: string | undefined;
    do {
      const page = await this.#store.list('Secret', { limit: 500, continue: next });
      all.push(...(page.items as StoredSecret[]));
      next = page.continue;
    } while (next);
    return all;
  }

  #open(secret: StoredSecret, keyring: SecretKeyring = this.#keyring): Record<string, string> {
    if (!secret.sealed) return {};
    return openData(
      keyring,
      identityOf(secret.metadata.namespace ?? 'default', secret.metadata.name),
      secret.sealed,
    );
  }

  #record(namespace: string, secret: CheckedSecret) {
    return {
      apiVersion: 'v1',
      kind: 'Secret' as const,
      metadata: {
        name: secret.name,
        namespace,
        ...(secret.labels ? { labels: secret.labels } : {}),
        ...(secret.annotations ? { annotations: secret.annotations } : {}),
      },
      type: secret.type,
      keys: Object.keys(secret.data).sort(),
      sealed: sealData(this.#keyring, identityOf(namespace, secret.name), secret.data),
    };
  }
}

function identityOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function viewOf(object: StoredObject): SecretView {
  const secret = object as StoredSecret;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: secret.metadata,
    type: secret.type ?? 'Opaque',
    keys: secret.keys ?? [],
  };
}

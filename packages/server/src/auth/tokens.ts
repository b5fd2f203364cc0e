/**
 * API access tokens: `weft_<id>_<secret>`, where `<id>` names an AccessToken object in the store
 * and only the SHA-256 of `<secret>` is kept there (with the namespace, role and expiry). A token
 * is revoked by deleting its object. The secret part is 32 random bytes, so a plain hash suffices.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, StoredObject } from '@weft/engine';
import { type Grant, isRole, type Role } from './roles.js';

const tokenPattern = /^weft_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface TokenSpec extends Grant {
  readonly hash: string;
  /** RFC 3339; absent: never expires. */
  readonly expiresAt?: string;
  readonly description?: string;
}

/** What is shown of a token: never its secret or hash. */
export interface TokenView {
  readonly name: string;
  readonly namespace: string;
  readonly role: Role;
  readonly expiresAt?: string;
  readonly description?: string;
  readonly creationTimestamp: string;
}

export interface CreatedToken extends TokenView {
  /** The bearer token itself: shown once, at creation. */
  readonly token: string;
}

export interface TokenRequest extends Grant {
  readonly expiresAt?: string;
  readonly description?: string;
  readonly labels?: Record<string, string>;
}

function hashOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function viewOf(object: StoredObject): TokenView {
  const spec = object.spec as TokenSpec;
  return {
    name: object.metadata.name,
    namespace: spec.namespace,
    role: spec.role,
    ...(spec.expiresAt ? { expiresAt: spec.expiresAt } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    creationTimestamp: object.metadata.creationTimestamp,
  };
}

export class TokenService {
  readonly #store: Store;
  readonly #now: () => number;

  constructor(store: Store, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  async create(request: TokenRequest): Promise<CreatedToken> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const spec: TokenSpec = {
      namespace: request.namespace,
      role: request.role,
      hash: hashOf(secret),
      ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
      ...(request.description ? { description: request.description } : {}),
    };
    const created = await this.#store.create({
      kind: 'AccessToken',
      metadata: { name: id, ...(request.labels ? { labels: request.labels } : {}) },
      spec,
    });
    return { ...viewOf(created), token: `weft_${id}_${secret}` };
  }

  /** The grant of a valid, unexpired token; undefined for anything else. */
  async verify(token: string): Promise<(Grant & { readonly name: string }) | undefined> {
    const match = tokenPattern.exec(token);
    if (!match) return undefined;
    const [, id, secret] = match as unknown as [string, string, string];
    const stored = await this.#store.get({ kind: 'AccessToken', name: id });
    if (!stored) return undefined;
    const spec = stored.spec as TokenSpec;
    const expected = Buffer.from(spec.hash, 'hex');
    const given = Buffer.from(hashOf(secret), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if (spec.expiresAt && Date.parse(spec.expiresAt) <= this.#now()) return undefined;
    if (!isRole(spec.role)) return undefined;
    return { name: id, namespace: spec.namespace, role: spec.role };
  }

  /** Tokens granting in `namespace` (every token when `namespace` is undefined). */
  async list(namespace?: string, labelSelector?: string): Promise<TokenView[]> {
    const views: TokenView[] = [];
    let next: string | undefined;
    do {
      const page = await this.#store.list('AccessToken', { limit: 500, continue: next, labelSelector });
      views.push(
        ...page.items.map(viewOf).filter((v) => namespace === undefined || v.namespace === namespace),
      );
      next = page.continue;
    } while (next);
    return views;
  }

  async get(name: string): Promise<TokenView | undefined> {
    const found = await this.#store.get({ kind: 'AccessToken', name });
    return found ? viewOf(found) : undefined;
  }

  async revoke(name: string): Promise<void> {
    await this.#store.delete({ kind: 'AccessToken', name });
  }
}

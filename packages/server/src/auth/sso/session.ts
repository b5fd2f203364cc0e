/**
 * The session a successful single sign-on leaves in the `authorization` cookie, signed by the
 * server (HMAC-SHA256 with the key in `<data>/sso.key`, made with mode 0600 on first use):
 *
 *   weft-sso.<base64url JSON {sub, groups, exp}>.<base64url HMAC of what precedes it>
 *
 * Nothing else can make one; a changed payload, another key or a past `exp` is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const sessionPrefix = 'weft-sso.';

export interface Session {
  /** The identity provider's subject (or e-mail / name when it gives one). */
  readonly sub: string;
  readonly groups: readonly string[];
  /** Seconds since the epoch. */
  readonly exp: number;
}

export function isSessionToken(token: string): boolean {
  return token.startsWith(sessionPrefix);
}

/** The key of `<data>/sso.key`, made (32 random bytes, mode 0600) when absent. */
export function sessionKeyOf(dataDir: string): Buffer {
  const path = join(dataDir, 'sso.key');
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length < 32)
    throw new Error(`${path} does not hold a key of 32 bytes (base64); delete it to get a new one`);
  return key;
}

export class SessionSigner {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(key: Buffer, now: () => number = Date.now) {
    this.#key = key;
    this.#now = now;
  }

  sign(session: Session): string {
    const body = `${sessionPrefix}${Buffer.from(JSON.stringify(session)).toString('base64url')}`;
    return `${body}.${this.#mac(body)}`;
  }

  /** The session of a valid, unexpired token; undefined otherwise. */
  verify(token: string): Session | undefined {
    const dot = token.lastIndexOf('.');
    if (!isSessionToken(token) || dot <= sessionPrefix.length) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.#mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let session: Session;
    try {
      session = JSON.parse(Buffer.from(body.slice(sessionPrefix.length), 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof session.sub !== 'string' || !Array.isArray(session.groups) || typeof session.exp !== 'number')
      return undefined;
    return session.exp * 1000 > this.#now() ? session : undefined;
  }

  /** A value only this server can make (for the login flow's state cookie). */
  mac(text: string): string {
    return this.#mac(`flow:${text}`);
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url');
  }
}

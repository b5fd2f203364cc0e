/**
 * Single sign-on through an OpenID Connect provider (openid-client): the authorization code flow
 * with PKCE, state and nonce.
 *
 *   GET /oauth2/login ─► provider's authorize URL (state, nonce, PKCE verifier kept in a signed,
 *     short-lived flow cookie) ─► user signs in ─► GET /oauth2/redirect?code&state
 *     ─► code exchanged, ID token checked ─► signed session (sub, groups, expiry) in the
 *     `authorization` cookie ─► each request: session → grants through the role map
 *
 * The provider's discovery document is fetched at the first sign-in (and again after a failure),
 * so the server starts while the provider is down. Plain http is allowed for a loopback issuer only.
 */
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import type { Caller } from '../register-auth.js';
import type { SsoOptions } from './config.js';
import { grantsOf } from './role-map.js';
import { type Session, SessionSigner, sessionKeyOf } from './session.js';

/** How long a session lasts (argo-server's default too). */
export const sessionSeconds = 10 * 60 * 60;
const flowSeconds = 10 * 60;

interface Flow {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly exp: number;
}

export class SsoService {
  readonly #options: SsoOptions;
  readonly #secret: string;
  readonly #signer: SessionSigner;
  readonly #now: () => number;
  #config: Promise<oidc.Configuration> | undefined;

  constructor(options: SsoOptions, dataDir: string, now: () => number = Date.now) {
    this.#options = options;
    try {
      this.#secret = readFileSync(options.clientSecretFile, 'utf8').trim();
    } catch (error) {
      throw new Error(
        `--sso-client-secret-file: cannot read ${options.clientSecretFile}: ${(error as Error).message}`,
      );
    }
    if (!this.#secret) throw new Error(`--sso-client-secret-file: ${options.clientSecretFile} is empty`);
    this.#signer = new SessionSigner(sessionKeyOf(dataDir), now);
    this.#now = now;
  }

  get secureCookies(): boolean {
    return new URL(this.#options.redirectUrl).protocol === 'https:';
  }

  /** Where to send the browser, and the flow cookie's value to set meanwhile. */
  async start(): Promise<{ readonly url: string; readonly flow: string }> {
    const config = await this.#configuration();
    const flow: Flow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      exp: Math.floor(this.#now() / 1000) + flowSeconds,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.#options.redirectUrl,
      scope: `openid profile email ${this.#options.groupsClaim}`,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return { url: url.href, flow: `${body}.${this.#signer.mac(body)}` };
  }

  /** The session token for the provider's answer (`query`: the redirect's query string). */
  async finish(query: string, flowCookie: string | undefined): Promise<string> {
    const flow = this.#flowOf(flowCookie);
    const config = await this.#configuration();
    const current = new URL(this.#options.redirectUrl);
    current.search = query;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    const groups = claims[this.#options.groupsClaim];
    const session: Session = {
      sub: String(claims.sub),
      groups: Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [],
      exp: Math.floor(this.#now() / 1000) + sessionSeconds,
    };
    return this.#signer.sign(session);
  }

  /** The caller a session token stands for; undefined: forged, changed or expired. */
  callerOf(token: string): Caller | undefined {
    const session = this.#signer.verify(token);
    if (!session) return undefined;
    const grants = grantsOf(this.#options.roleMap, session.groups);
    const first = grants[0] ?? { namespace: '', role: 'viewer' as const };
    return {
      name: `sso:${session.sub}`,
      namespace: first.namespace,
      role: first.role,
      grants,
      groups: session.groups,
    };
  }

  #flowOf(cookie: string | undefined): Flow {
    const [body = '', mac = ''] = (cookie ?? '').split('.');
    if (!body || mac !== this.#signer.mac(body))
      throw new SsoFlowError(
        'the sign-in was not started here, or its cookie is gone; start again at /oauth2/login',
      );
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Flow;
    if (flow.exp * 1000 <= this.#now())
      throw new SsoFlowError('the sign-in took too long; start again at /oauth2/login');
    return flow;
  }

  #configuration(): Promise<oidc.Configuration> {
    if (!this.#config) {
      const issuer = new URL(this.#options.issuer);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const insecure =
        issuer.protocol === 'http:' && loopback ? { execute: [oidc.allowInsecureRequests] } : {};
      this.#config = oidc.discovery(issuer, this.#options.clientId, this.#secret, undefined, insecure);
      this.#config.catch(() => {
        this.#config = undefined;
      });
    }
    return this.#config;
  }
}

/** The browser's side of the flow is wrong (no or a bad flow cookie); 400. */
export class SsoFlowError extends Error {}

/**
 * Test-only: a small OpenID Connect provider on 127.0.0.1 — discovery, JWKS (a key made at start),
 * an authorize endpoint that signs in whoever the test set as `user` at once (no pages), and a
 * token endpoint that checks the client's secret, the redirect URI and the PKCE verifier and
 * answers with an RS256 ID token carrying the user's groups.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestUser {
  readonly sub: string;
  readonly groups: readonly string[];
}

export interface TestProvider {
  readonly issuer: string;
  /** Who the next authorization signs in; undefined: the provider refuses (access_denied). */
  user: TestUser | undefined;
  close(): Promise<void>;
}

interface Grant {
  readonly user: TestUser;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | undefined;
}

export async function startTestProvider(client: { id: string; secret: string }): Promise<TestProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Grant>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => json(response, 500, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider: TestProvider = {
    issuer,
    user: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration')
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    if (url.pathname === '/jwks') return json(response, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') return authorize(url.searchParams, response);
    if (url.pathname === '/token' && request.method === 'POST') return token(request, response);
    return json(response, 404, { error: 'not_found' });
  }

  function authorize(query: URLSearchParams, response: ServerResponse): void {
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== client.id || !redirectUri) {
      json(response, 400, { error: 'invalid_request' });
      return;
    }
    const back = new URL(redirectUri);
    back.searchParams.set('state', query.get('state') ?? '');
    const challenge = query.get('code_challenge');
    if (!provider.user) back.searchParams.set('error', 'access_denied');
    else if (
      query.get('response_type') !== 'code' ||
      query.get('code_challenge_method') !== 'S256' ||
      !challenge
    )
      back.searchParams.set('error', 'invalid_request');
    else {
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        user: provider.user,
        redirectUri,
        challenge,
        nonce: query.get('nonce') ?? undefined,
      });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.href }).end();
  }

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await bodyOf(request));
    const basic = Buffer.from(
      (request.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    const [id, secret] = basic
      ? basic.split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== client.id || secret !== client.secret) return json(response, 401, { error: 'invalid_client' });
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!grant || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge)
      return json(response, 400, { error: 'invalid_grant' });
    const idToken = await new SignJWT({
      groups: [...grant.user.groups],
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(issuer)
      .setAudience(client.id)
      .setSubject(grant.user.sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    json(response, 200, {
      access_token: randomBytes(16).toString('hex'),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: idToken,
    });
  }

  return provider;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

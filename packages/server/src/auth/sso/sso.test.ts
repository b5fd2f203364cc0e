import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerOptions } from '../../options.js';
import { type RunningServer, startServer } from '../../server.js';
import { startTestProvider, type TestProvider, type TestUser } from '../testing/oidc-provider.js';
import { SessionSigner } from './session.js';

const client = { id: 'weft', secret: 'the-client-secret' };
let provider: TestProvider;
let server: RunningServer;
let dataDir: string;
let adminToken: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  provider = await startTestProvider(client);
  dataDir = mkdtempSync(join(tmpdir(), 'weft-sso-'));
  const secretFile = join(dataDir, 'client.secret');
  writeFileSync(secretFile, `${client.secret}\n`);
  const port = await freePort();
  // The options as `weft server` parses them, from flags and the environment.
  const options = parseServerOptions(
    [
      ...['--port', String(port), '--data', dataDir, '--auth-mode', 'sso', '--sso-issuer', provider.issuer],
      ...['--sso-client-id', client.id, '--sso-redirect-url', `http://127.0.0.1:${port}/oauth2/redirect`],
      ...['--sso-role-map', 'devs=team-a:runner,devs=team-b:viewer', '--sso-role-map', 'ops=*:admin'],
    ],
    { WEFT_SSO_CLIENT_SECRET_FILE: secretFile },
  );
  if (options === 'help') throw new Error('unexpected help');
  server = await startServer({ ...options, inProcessSteps: true }, () => {});
  adminToken = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
});
afterAll(async () => {
  await server?.close({ shutdownSteps: true });
  await provider?.close();
});

/** Drives the code flow as a browser would; returns each hop and the session cookie set at the end. */
async function signIn(user: TestUser | undefined) {
  provider.user = user;
  const login = await fetch(`${server.url}/oauth2/login`, { redirect: 'manual' });
  const flowCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const authorize = new URL(login.headers.get('location') ?? '');
  const back = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(back.headers.get('location') ?? '');
  const done = await fetch(callback, { redirect: 'manual', headers: { cookie: flowCookie } });
  const cookies = done.headers.getSetCookie();
  const session = cookies.find((cookie) => cookie.startsWith('authorization='));
  return { login, authorize, callback, flowCookie, done, session, cookies };
}

const cookieOf = (setCookie: string | undefined) => (setCookie ?? '').split(';')[0] ?? '';
const get = (path: string, headers: Record<string, string>) => fetch(server.url + path, { headers });

describe('single sign-on (--auth-mode sso) against a local OpenID Connect provider', () => {
  it('says SSO is configured, so the sign-in page can offer it', async () => {
    expect(await (await fetch(`${server.url}/oauth2/info`)).json()).toEqual({ sso: true });
  });

  it('runs the authorization code flow with PKCE and leaves a signed session in the authorization cookie', async () => {
    const flow = await signIn({ sub: 'dana', groups: ['devs'] });
    expect(flow.login.status).toBe(302);
    expect(flow.authorize.origin).toBe(provider.issuer);
    expect(flow.authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(flow.authorize.searchParams.get('state')).toBeTruthy();
    expect(flow.flowCookie).toMatch(/^weft-sso-flow=/);
    expect(flow.callback.pathname).toBe('/oauth2/redirect');
    expect(flow.done.status).toBe(302);
    expect(flow.done.headers.get('location')).toBe('/');
    expect(flow.session).toMatch(
      /^authorization=Bearer%20weft-sso\.[^;]+; Path=\/; Max-Age=35940; SameSite=Lax/,
    );
    expect(statSync(join(dataDir, 'sso.key')).mode & 0o777).toBe(0o600);
  });

  it('grants the roles the role map gives the user groups, per namespace', async () => {
    const cookie = {
      cookie: cookieOf((await signIn({ sub: 'dana', groups: ['devs', 'unmapped'] })).session),
    };
    expect((await get('/api/v1/workflows/team-a', cookie)).status).toBe(200);
    expect((await get('/api/v1/workflows/team-b', cookie)).status).toBe(200);
    expect((await get('/api/v1/workflows/team-c', cookie)).status).toBe(403);
    const submit = await fetch(`${server.url}/api/v1/workflow-templates/team-a`, {
      method: 'POST',
      headers: { ...cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(submit.status).toBe(403);
    expect(await submit.text()).toMatch(
      /role editor in namespace \\"team-a\\" is needed; sso:dana is runner/,
    );
    expect((await get('/api/v1/tokens/team-a', cookie)).status).toBe(403);
    const admin = { cookie: cookieOf((await signIn({ sub: 'olga', groups: ['ops'] })).session) };
    expect((await get('/api/v1/tokens/team-b', admin)).status).toBe(200);
    expect((await get('/api/v1/workflows/', admin)).status).toBe(200);
  });

  it('accepts the session as a bearer header too, and still accepts bearer tokens', async () => {
    const session = decodeURIComponent(cookieOf((await signIn({ sub: 'dana', groups: ['devs'] })).session));
    const token = session.slice('authorization='.length);
    expect((await get('/api/v1/workflows/team-a', { authorization: token })).status).toBe(200);
    expect((await get('/api/v1/workflows/team-c', { authorization: `Bearer ${adminToken}` })).status).toBe(
      200,
    );
  });

  it('answers 403 on every route but the public ones to a user none of whose groups is mapped', async () => {
    const flow = await signIn({ sub: 'erin', groups: ['guests'] });
    expect(flow.done.status).toBe(302);
    const cookie = { cookie: cookieOf(flow.session) };
    const info = await get('/api/v1/info', cookie);
    expect(info.status).toBe(403);
    expect(await info.text()).toMatch(/none of the groups of sso:erin \(guests\) is given a role/);
    expect((await get('/api/v1/workflows/team-a', cookie)).status).toBe(403);
    expect((await get('/healthz', cookie)).status).toBe(200);
  });

  it('refuses a changed, forged or expired session with 401', async () => {
    const token = decodeURIComponent(
      cookieOf((await signIn({ sub: 'dana', groups: ['devs'] })).session),
    ).slice('authorization=Bearer '.length);
    const [prefix, body, mac] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const changed = Buffer.from(JSON.stringify({ ...payload, groups: ['ops'] })).toString('base64url');
    const otherKey = new SessionSigner(Buffer.alloc(32, 7));
    const expired = new SessionSigner(readKey(), () => Date.now() + 11 * 3600_000);
    const refused = [
      `${prefix}.${changed}.${mac}`,
      otherKey.sign({ sub: 'mallory', groups: ['ops'], exp: payload.exp }),
      new SessionSigner(readKey()).sign({
        sub: 'old',
        groups: ['ops'],
        exp: Math.floor(Date.now() / 1000) - 1,
      }),
      'weft-sso.',
      'weft-sso.x.y',
    ];
    expect(expired.verify(token)).toBeUndefined();
    for (const bad of refused)
      expect((await get('/api/v1/workflows/team-a', { authorization: `Bearer ${bad}` })).status, bad).toBe(
        401,
      );
  });

  it('refuses a callback without the flow cookie, with another flow state, or after the provider said no', async () => {
    provider.user = { sub: 'dana', groups: ['devs'] };
    const first = await signIn({ sub: 'dana', groups: ['devs'] });
    const noCookie = await fetch(first.callback, { redirect: 'manual' });
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toMatch(/start again at \/oauth2\/login/);
    const second = await signIn({ sub: 'dana', groups: ['devs'] });
    const swapped = await fetch(second.callback, {
      redirect: 'manual',
      headers: { cookie: first.flowCookie },
    });
    expect(swapped.status).toBe(401);
    expect(swapped.headers.getSetCookie().some((cookie) => cookie.startsWith('authorization='))).toBe(false);
    const denied = await signIn(undefined);
    expect(denied.done.status).toBe(401);
    expect(await denied.done.text()).toMatch(/access_denied/);
    expect(denied.session).toBeUndefined();
  });

  it('refuses bad credentials on the sign-in routes too, as on every route (the UI clears its cookie first)', async () => {
    const stale = { cookie: 'authorization=Bearer%20weft-sso.stale.x' };
    expect((await get('/api/v1/info', stale)).status).toBe(401);
    expect((await get('/oauth2/login', stale)).status).toBe(401);
    expect((await get('/oauth2/redirect?code=x&state=y', stale)).status).toBe(401);
  });
});

function readKey(): Buffer {
  return Buffer.from(readFileSync(join(dataDir, 'sso.key'), 'utf8').trim(), 'base64');
}

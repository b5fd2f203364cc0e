import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from './register-auth.js';
import { grantCovers } from './roles.js';
import { accessOf, routeAccess } from './route-access.js';
import { type AuthHarness, type Caller, startAuthApi } from './testing/auth-harness.js';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthApi();
});
afterAll(async () => {
  await harness.close();
});

const sample: Record<string, string> = {
  namespace: 'team-a',
  name: 'x',
  podName: 'p',
  nodeId: 'n',
  artifactName: 'a',
  discriminator: 'workflows',
  direction: 'outputs',
};

/** A URL for a route pattern, in namespace `namespace`. */
function urlOf(pattern: string, namespace = 'team-a'): string {
  return pattern
    .replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'namespace' ? namespace : (sample[name] ?? 'x')))
    .replace(/\*$/, 'some/file');
}

/** The status only (streams are cancelled once their headers arrive). */
async function statusOf(method: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  const abort = new AbortController();
  const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
  const response = await fetch(harness.api.base + url, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
    signal: abort.signal,
    redirect: 'manual',
  });
  abort.abort();
  return response.status;
}

const bearer = (caller: Caller) => (caller.token ? { authorization: `Bearer ${caller.token}` } : {});
const routes = () => routesOf(harness.api.app);

describe('route access table', () => {
  it('has an entry for every route the server registers (add one for each new route)', () => {
    const missing = routes().filter((route) => {
      const [method, url] = route.split(' ') as [string, string];
      return accessOf(method, url) === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('has no entry for a route that does not exist', () => {
    const registered = new Set(routes());
    expect(Object.keys(routeAccess).filter((key) => !registered.has(key))).toEqual([]);
  });

  it('lets viewers only read, and keeps tokens, secrets and cluster changes to the roles named', () => {
    for (const [key, access] of Object.entries(routeAccess)) {
      const [method, url] = key.split(' ') as [string, string];
      if (access.kind === 'public')
        expect(
          ['/healthz', '/readyz', '/', '/*', '/oauth2/info', '/oauth2/login', '/oauth2/redirect'],
          key,
        ).toContain(url);
      if (method !== 'GET' && !url.endsWith('/lint'))
        expect(access, key).not.toMatchObject({ role: 'viewer' });
      if (url.startsWith('/api/v1/tokens')) expect(access, key).toMatchObject({ role: 'admin' });
      if (url.startsWith('/api/v1/secrets')) expect(access, key).toMatchObject({ role: 'editor' });
      if (url.startsWith('/api/v1/cluster-workflow-templates') && method !== 'GET' && !url.endsWith('/lint'))
        expect(access, key).toEqual({ kind: 'cluster', role: 'editor' });
    }
  });
});

describe('every route × every role × namespaces', () => {
  it('answers each caller as the table says: 401 without a token, 403 without the role, else the route', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const [method, pattern] = route.split(' ') as [string, string];
      const access = accessOf(method, pattern);
      for (const caller of harness.callers) {
        for (const namespace of ['team-a', 'team-b']) {
          const status = await statusOf(method, urlOf(pattern, namespace), bearer(caller));
          const expected = expectedOf(access, caller, namespace);
          const ok = expected === 'served' ? status !== 401 && status !== 403 : status === expected;
          if (!ok)
            failures.push(`${route} in ${namespace} as ${caller.label}: ${status}, expected ${expected}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never lets a token of one namespace read or change another', async () => {
    const teamB = harness.callers.find((c) => c.label === 'admin@team-b');
    const failures: string[] = [];
    for (const route of routes()) {
      const [method, pattern] = route.split(' ') as [string, string];
      if (!pattern.includes(':namespace')) continue;
      const status = await statusOf(method, urlOf(pattern, 'team-a'), bearer(teamB as Caller));
      if (status !== 403) failures.push(`${route}: ${status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('bad credentials', () => {
  const bad: Record<string, Record<string, string>> = {
    'empty Bearer': { authorization: 'Bearer' },
    'Bearer and a space': { authorization: 'Bearer ' },
    'Bearer nothing': { authorization: 'Bearer nothing' },
    'a Basic header': { authorization: 'Basic dXNlcjpwYXNz' },
    'two words': { authorization: 'Bearer a b' },
    'an unknown weft token': { authorization: `Bearer weft_0123456789abcdef_${'A'.repeat(43)}` },
    'an empty cookie': { cookie: 'authorization=' },
    'a cookie with Bearer nothing': { cookie: 'authorization=Bearer%20nothing' },
  };

  it('are refused with 401 on every route, public ones included', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const [method, pattern] = route.split(' ') as [string, string];
      for (const [label, headers] of Object.entries(bad)) {
        const status = await statusOf(method, urlOf(pattern), headers);
        if (status !== 401) failures.push(`${route} with ${label}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers an unknown path with 404 (the UI’s public fallback finds nothing), with or without a token', async () => {
    expect(await statusOf('GET', '/api/v1/nothing-here')).toBe(404);
    const admin = harness.callers.find((c) => c.label === 'admin@*') as Caller;
    expect(await statusOf('GET', '/api/v1/nothing-here', bearer(admin))).toBe(404);
  });
});

describe('the authorization cookie', () => {
  it('is accepted as the Argo UI sets it: Bearer URL-encoded, or the bare token', async () => {
    const viewer = harness.callers.find((c) => c.label === 'viewer@team-a') as Caller;
    const token = viewer.token as string;
    for (const cookie of [`authorization=${encodeURIComponent(`Bearer ${token}`)}`, `authorization=${token}`])
      expect(await statusOf('GET', '/api/v1/workflows/team-a', { cookie }), cookie).toBe(200);
  });
});

function expectedOf(
  access: ReturnType<typeof accessOf>,
  caller: Caller,
  namespace: string,
): 401 | 403 | 'served' {
  if (access?.kind === 'public') return 'served';
  if (!caller.grant) return 401;
  if (!access) return 403;
  if (access.kind === 'authenticated') return 'served';
  const scope = access.kind === 'cluster' ? '*' : namespace;
  return grantCovers(caller.grant, scope, access.role) ? 'served' : 403;
}

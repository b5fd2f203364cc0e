import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, startAuthApi } from './testing/auth-harness.js';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthApi();
});
afterAll(async () => {
  await harness.close();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenOf = (label: string) => harness.callers.find((c) => c.label === label)?.token as string;

describe('tokens', () => {
  it('are created by a namespace admin, shown once, listed without secrets, and revoked', async () => {
    const { api } = harness;
    const created = await api.request(
      'POST',
      '/api/v1/tokens/team-a',
      { role: 'runner', expiresIn: '1h', description: 'ci' },
      as(tokenOf('admin@team-a')),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ namespace: 'team-a', role: 'runner', description: 'ci' });
    expect(created.body.token).toMatch(/^weft_[a-z0-9]{16}_/);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    const stored = await api.store.get({ kind: 'AccessToken', name: created.body.name });
    expect(JSON.stringify(stored)).not.toContain(created.body.token.split('_')[2]);
    const list = await api.request('GET', '/api/v1/tokens/team-a', undefined, as(tokenOf('admin@team-a')));
    expect(list.text).not.toContain(created.body.token);
    expect(list.body.items.map((t: { name: string }) => t.name)).toContain(created.body.name);
    const fresh = as(created.body.token);
    expect((await api.request('PUT', '/api/v1/workflows/team-a/x/stop', {}, fresh)).status).not.toBe(401);
    const revoked = await api.request(
      'DELETE',
      `/api/v1/tokens/team-a/${created.body.name}`,
      undefined,
      as(tokenOf('admin@team-a')),
    );
    expect(revoked.status).toBe(200);
    expect((await api.request('GET', '/api/v1/workflows/team-a', undefined, fresh)).status).toBe(401);
  });

  it('cannot be made or revoked for another namespace', async () => {
    const { api } = harness;
    const teamA = as(tokenOf('admin@team-a'));
    expect((await api.request('POST', '/api/v1/tokens/team-b', { role: 'viewer' }, teamA)).status).toBe(403);
    expect((await api.request('POST', '/api/v1/tokens/*', { role: 'admin' }, teamA)).status).toBe(403);
    const other = await api.request(
      'POST',
      '/api/v1/tokens/team-b',
      { role: 'viewer' },
      as(tokenOf('admin@team-b')),
    );
    const revoke = await api.request('DELETE', `/api/v1/tokens/team-a/${other.body.name}`, undefined, teamA);
    expect(revoke.status).toBe(404);
  });

  it('stop working once expired', async () => {
    const expired = await harness.tokens.create({
      namespace: 'team-a',
      role: 'viewer',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(
      (await harness.api.request('GET', '/api/v1/workflows/team-a', undefined, as(expired.token))).status,
    ).toBe(401);
  });

  it('refuse an unknown role or a bad expiry, naming the field', async () => {
    const admin = as(tokenOf('admin@*'));
    const role = await harness.api.request('POST', '/api/v1/tokens/team-a', { role: 'root' }, admin);
    expect(role.status).toBe(400);
    expect(role.body.message).toBe('role: "root" is not one of viewer, runner, editor, admin');
    const expiry = await harness.api.request(
      'POST',
      '/api/v1/tokens/team-a',
      { role: 'viewer', expiresIn: 'soon' },
      admin,
    );
    expect(expiry.body.message).toBe('expiresIn: "soon" is not a duration like 720h');
  });

  it('are named by userinfo with their role and namespace', async () => {
    const info = await harness.api.request(
      'GET',
      '/api/v1/userinfo',
      undefined,
      as(tokenOf('runner@team-a')),
    );
    expect(info.body).toMatchObject({ role: 'runner', namespace: 'team-a', groups: ['weft:runner'] });
  });
});

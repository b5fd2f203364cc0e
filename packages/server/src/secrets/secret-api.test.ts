import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../api/testing/api-harness.js';
import { type ServerSecrets, setUpSecrets } from './set-up-secrets.js';

const value = 'Canary-Secret-Value-42';
let api: ApiHarness;
let secrets: ServerSecrets;

beforeEach(async () => {
  api = await startApi(
    {},
    {
      deps: async ({ store, events, dataDir }) => {
        secrets = await setUpSecrets({ store, events, dataDir, log: () => {}, env: {} });
        return {
          secrets: { vault: secrets.vault, ...(secrets.rotateKey ? { rotateKey: secrets.rotateKey } : {}) },
          redact: secrets.redactor.redact,
        };
      },
    },
  );
});
afterEach(async () => {
  secrets.stop();
  await api.close();
});

const secret = (name: string, extra: Record<string, unknown> = {}) => ({
  secret: { metadata: { name }, stringData: { password: value }, data: { user: btoa('robot') }, ...extra },
});

describe('Secret API', () => {
  it('creates a Secret and lists and gets its keys, never its values', async () => {
    const created = await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ kind: 'Secret', type: 'Opaque', keys: ['password', 'user'] });
    const list = await api.request('GET', '/api/v1/secrets/team-a');
    expect(list.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['creds']);
    const one = await api.request('GET', '/api/v1/secrets/team-a/creds');
    expect(one.body.keys).toEqual(['password', 'user']);
    for (const text of [created.text, list.text, one.text]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(btoa('robot'));
    }
    expect((await api.request('GET', '/api/v1/secrets/team-b')).body.items).toEqual([]);
  });

  it('keeps values encrypted at rest: the database file never holds them', async () => {
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    await api.store.inner.close?.();
    const bytes = readFileSync(join(api.dataDir, 'weft.db'));
    const wal = (() => {
      try {
        return readFileSync(join(api.dataDir, 'weft.db-wal'));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const file of [bytes, wal]) {
      expect(file.includes(value)).toBe(false);
      expect(file.includes(Buffer.from(value).toString('base64'))).toBe(false);
    }
    expect(statSync(join(api.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('hands decoded data to steps only through the vault', async () => {
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    expect(await secrets.vault.data('team-a', ['creds', 'absent'])).toEqual({
      creds: { password: value, user: 'robot' },
    });
    expect(await secrets.vault.data('team-b', ['creds'])).toEqual({});
  });

  it('refuses bad input naming each field, and a duplicate with 409', async () => {
    const bad = await api.request('POST', '/api/v1/secrets/team-a', {
      secret: { metadata: { name: 'Bad_Name' }, data: { k: 'not base64!' }, stringData: { 'a/b': 'x' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message.split('\n')).toEqual([
      'secret.metadata.name: must be a lowercase RFC 1123 subdomain (letters, digits, "-" and ".")',
      'secret.data.k: must be base64',
      'secret.stringData.a/b: a key is letters, digits, "-", "_" and "." only',
    ]);
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    expect((await api.request('POST', '/api/v1/secrets/team-a', secret('creds'))).status).toBe(409);
    expect((await api.request('GET', '/api/v1/secrets/team-a')).body.items).toHaveLength(1);
  });

  it('replaces and deletes a Secret; redaction follows its values', async () => {
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    expect(secrets.redactor.redact(`x ${value}`)).toBe('x [redacted]');
    const updated = await api.request('PUT', '/api/v1/secrets/team-a/creds', {
      secret: { metadata: { name: 'creds' }, stringData: { token: 'Second-Value-99' } },
    });
    expect(updated.body.keys).toEqual(['token']);
    expect(secrets.redactor.redact('Second-Value-99')).toBe('[redacted]');
    expect((await api.request('DELETE', '/api/v1/secrets/team-a/creds')).status).toBe(200);
    expect((await api.request('GET', '/api/v1/secrets/team-a/creds')).status).toBe(404);
    expect(secrets.redactor.redact('Second-Value-99')).toBe('Second-Value-99');
  });

  it('rotates the key: Secrets still open, sealed with the new key, and the key file has only it', async () => {
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    const before = readFileSync(join(api.dataDir, 'secret.key'), 'utf8');
    const rotated = await api.request('POST', '/api/v1/secret-key/rotate');
    expect(rotated.body).toMatchObject({ resealed: 1 });
    const after = readFileSync(join(api.dataDir, 'secret.key'), 'utf8');
    expect(after).not.toBe(before);
    expect(after.trim().split('\n')).toHaveLength(1);
    const stored = await api.store.get({ kind: 'Secret', namespace: 'team-a', name: 'creds' });
    expect((stored as { sealed: { keyId: string } }).sealed.keyId).toBe(rotated.body.keyId);
    expect((await secrets.vault.data('team-a', ['creds'])).creds?.password).toBe(value);
  });

  it('redacts secret values from any API answer', async () => {
    await api.request('POST', '/api/v1/secrets/team-a', secret('creds'));
    const response = await api.request('GET', `/api/v1/workflows/team-a/${encodeURIComponent('x')}`);
    expect(response.status).toBe(404);
    const lint = await api.request('POST', '/api/v1/workflows/team-a/lint', {
      workflow: { metadata: { name: value.toLowerCase() }, spec: { entrypoint: value } },
    });
    expect(lint.text).not.toContain(value);
  });
});

import { describe, expect, it } from 'vitest';
import { AlreadyExistsError } from './errors.js';
import type { SuiteStore } from './store-suite.js';
import { names } from './store-suite-fixtures.js';

/** Secrets (namespaced, body kept as given: the server seals their data) and access tokens (cluster-scoped). */
export function secretAndTokenCases(suite: SuiteStore): void {
  describe('secrets and access tokens', () => {
    const sealed = { keyId: 'k1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'Y3Q=' };

    it('keeps Secrets per namespace with their sealed data, across reopening', async () => {
      await suite.store.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace: 'team-a' },
        type: 'Opaque',
        keys: ['password'],
        sealed,
      });
      await suite.store.create({ kind: 'Secret', metadata: { name: 'creds', namespace: 'team-b' }, sealed });
      await expect(
        suite.store.create({ kind: 'Secret', metadata: { name: 'creds', namespace: 'team-a' } }),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      const store = await suite.reopen();
      const read = await store.get({ kind: 'Secret', namespace: 'team-a', name: 'creds' });
      expect(read).toMatchObject({ keys: ['password'], sealed, metadata: { namespace: 'team-a' } });
      expect(names((await store.list('Secret', { namespace: 'team-b' })).items)).toEqual(['creds']);
      expect((await store.list('ConfigMap')).items).toEqual([]);
    });

    it('keeps access tokens cluster-scoped, found by name and deleted (revoked)', async () => {
      const spec = { namespace: 'team-a', role: 'viewer', hash: 'h' };
      await suite.store.create({ kind: 'AccessToken', metadata: { name: 'tok1', namespace: 'x' }, spec });
      const found = await suite.store.get({ kind: 'AccessToken', name: 'tok1' });
      expect(found?.metadata.namespace).toBeUndefined();
      expect(found?.spec).toEqual(spec);
      await suite.store.delete({ kind: 'AccessToken', name: 'tok1' });
      expect(await suite.store.get({ kind: 'AccessToken', name: 'tok1' })).toBeUndefined();
    });
  });
}

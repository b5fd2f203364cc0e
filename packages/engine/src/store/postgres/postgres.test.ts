import { describe, expect, it } from 'vitest';
import { storeConformanceSuite } from '../store-suite.js';
import { latestSchemaVersion } from './migrate.js';
import { openPostgresStore } from './store.js';
import { describeOnTestServer, findTestServer } from './test-server.js';

const server = await findTestServer();

describeOnTestServer(server, 'postgres conformance', (locations) => {
  storeConformanceSuite('postgres', {
    newLocation: () => locations.create(),
    open: (location, context) => openPostgresStore(location, { context }),
    async markNewerSchema(location) {
      const supported = latestSchemaVersion();
      await locations.withClient(location, (client) =>
        client.query('UPDATE schema_version SET version = $1', [supported + 1]),
      );
      return { found: supported + 1, supported };
    },
  });
});

describe('openPostgresStore', () => {
  it('names the database it cannot reach, without its password', async () => {
    const opening = openPostgresStore('postgres://weft:secret@127.0.0.1:1/nowhere');
    await expect(opening).rejects.toThrow(
      /PostgreSQL at postgres:\/\/weft@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/,
    );
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

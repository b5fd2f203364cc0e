import { afterAll, describe, it } from 'vitest';
import { storeConformanceSuite } from '../store-suite.js';
import type { StoreSuiteBackend } from '../store-suite-fixtures.js';
import { latestSchemaVersion } from './migrate.js';
import { openPostgresStore } from './store.js';
import { findTestServer, testLocations } from './test-server.js';

const server = await findTestServer();

if (server.available) {
  const locations = testLocations(server.url);
  afterAll(() => locations.dropAll());
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
} else if (server.required) {
  describe('postgres store', () => {
    it('reaches the PostgreSQL server the tests are configured with', () => {
      throw new Error(`${server.reason} (required because CI=true or WEFT_TEST_POSTGRES_REQUIRED=1)`);
    });
  });
} else {
  console.warn(`postgres store tests skipped: ${server.reason}`);
  const unreachable = async (): Promise<never> => {
    throw new Error(server.reason);
  };
  const backend: StoreSuiteBackend = {
    newLocation: unreachable,
    open: unreachable,
    markNewerSchema: unreachable,
  };
  describe.skip(`postgres store tests skipped: ${server.reason}`, () => {
    storeConformanceSuite('postgres', backend);
  });
}

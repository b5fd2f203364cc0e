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

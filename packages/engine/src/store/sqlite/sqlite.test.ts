import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { storeConformanceSuite } from '../store-suite.js';
import { latestSchemaVersion } from './migrate.js';
import { openSqliteStore } from './store.js';

const directory = mkdtempSync(join(tmpdir(), 'weft-sqlite-store-'));
let databases = 0;
afterAll(() => rmSync(directory, { recursive: true, force: true }));

storeConformanceSuite('sqlite', {
  newLocation: async () => join(directory, `store-${++databases}.db`),
  open: (location, context) => openSqliteStore(location, { context }),
  async markNewerSchema(location) {
    const db = new Database(location);
    const supported = latestSchemaVersion();
    db.prepare('UPDATE schema_version SET version = ?').run(supported + 1);
    db.close();
    return { found: supported + 1, supported };
  },
});

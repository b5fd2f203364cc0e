import type pg from 'pg';
import { expect, it } from 'vitest';
import { SchemaTooNewError } from '../errors.js';
import { createPool } from './connection.js';
import { latestSchemaVersion, migrate, readSchemaVersion } from './migrate.js';
import type { Migration } from './migrations.js';
import { describeOnTestServer, findTestServer, type TestLocations } from './test-server.js';

const first: Migration = { version: 1, sql: 'CREATE TABLE one (x integer);' };
const second: Migration = { version: 2, sql: 'CREATE TABLE two (y integer); INSERT INTO one VALUES (2);' };
const broken: Migration = {
  version: 3,
  sql: 'CREATE TABLE three (z integer); INSERT INTO missing VALUES (1);',
};

const server = await findTestServer();

/** Runs `body` with a pool on a fresh, empty location. */
async function onFreshLocation(locations: TestLocations, body: (pool: pg.Pool) => Promise<void>) {
  const pool = createPool(await locations.create());
  try {
    await body(pool);
  } finally {
    await pool.end();
  }
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

describeOnTestServer(server, 'postgres migrations', (locations) => {
  it('creates the released schema in an empty database', async () => {
    await onFreshLocation(locations, async (pool) => {
      expect(await migrate(pool, 'db')).toBe(0);
      expect(await readSchemaVersion(pool)).toBe(latestSchemaVersion());
      expect(await tables(pool)).toEqual(
        expect.arrayContaining(['objects', 'workflow_nodes', 'workflow_summaries', 'workflow_events']),
      );
    });
  });

  it('upgrades an older database by applying only the migrations it lacks', async () => {
    await onFreshLocation(locations, async (pool) => {
      await migrate(pool, 'db', [first]);
      await pool.query('INSERT INTO one VALUES (1)');
      expect(await migrate(pool, 'db', [first, second])).toBe(1);
      expect(await readSchemaVersion(pool)).toBe(2);
      const { rows } = await pool.query<{ x: number }>('SELECT x FROM one ORDER BY x');
      expect(rows.map((row) => row.x)).toEqual([1, 2]);
    });
  });

  it('applies nothing of an upgrade when one of its migrations fails', async () => {
    await onFreshLocation(locations, async (pool) => {
      await migrate(pool, 'db', [first]);
      await expect(migrate(pool, 'db', [first, second, broken])).rejects.toThrow(/missing/);
      expect(await readSchemaVersion(pool)).toBe(1);
      expect(await tables(pool)).toEqual(['one', 'schema_version']);
    });
  });

  it('refuses a database written by a newer schema, naming both versions', async () => {
    await onFreshLocation(locations, async (pool) => {
      await migrate(pool, 'postgres://db', [first, second]);
      const opening = migrate(pool, 'postgres://db', [first]);
      await expect(opening).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(opening).rejects.toThrow(/postgres:\/\/db has store schema version 2.*up to 1\./);
    });
  });

  it('migrates an empty database once when several processes open it at the same time', async () => {
    await onFreshLocation(locations, async (pool) => {
      const others = [
        createPool(pool.options.connectionString ?? ''),
        createPool(pool.options.connectionString ?? ''),
      ];
      try {
        const found = await Promise.all(
          [pool, ...others].map((each) => migrate(each, 'db', [first, second])),
        );
        expect(found.sort()).toEqual([0, 2, 2]);
        const { rows } = await pool.query<{ x: number }>('SELECT x FROM one');
        expect(rows).toEqual([{ x: 2 }]);
      } finally {
        await Promise.all(others.map((other) => other.end()));
      }
    });
  });
});

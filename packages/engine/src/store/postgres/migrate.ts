import type pg from 'pg';
import { SchemaTooNewError } from '../errors.js';
import { inTransaction } from './connection.js';
import { type Migration, migrations as released } from './migrations.js';

/** The schema version this build writes: the last migration's number. */
export function latestSchemaVersion(list: readonly Migration[] = released): number {
  return list.length === 0 ? 0 : list[list.length - 1].version;
}

/** Key of the advisory lock that keeps two weft processes from migrating one database at once. */
const migrationLock = 0x77656674; // "weft"

export async function readSchemaVersion(client: pg.ClientBase | pg.Pool): Promise<number> {
  const result = await client.query<{ version: number }>('SELECT version FROM schema_version WHERE id = 1');
  return result.rows[0]?.version ?? 0;
}

/**
 * Brings the database to the latest schema in one transaction (all pending migrations or none).
 * Refuses with SchemaTooNewError when a newer weft wrote it. Returns the version found.
 */
export async function migrate(
  pool: pg.Pool,
  location: string,
  list: readonly Migration[] = released,
): Promise<number> {
  const latest = latestSchemaVersion(list);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)',
    );
    await client.query('INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
    const found = await readSchemaVersion(client);
    if (found > latest) throw new SchemaTooNewError(location, found, latest);
    for (const migration of list) {
      if (migration.version > found) await client.query(migration.sql);
    }
    if (found !== latest) await client.query('UPDATE schema_version SET version = $1 WHERE id = 1', [latest]);
    return found;
  });
}

import type Database from 'better-sqlite3';
import { SchemaTooNewError } from '../errors.js';
import { type Migration, migrations as released } from './migrations.js';

/** The schema version this build writes: the last migration's number. */
export function latestSchemaVersion(list: readonly Migration[] = released): number {
  return list.length === 0 ? 0 : list[list.length - 1].version;
}

function ensureVersionTable(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
  );
  db.prepare('INSERT OR IGNORE INTO schema_version (id, version) VALUES (1, 0)').run();
}

export function readSchemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT version FROM schema_version WHERE id = 1').get() as
    | { version: number }
    | undefined;
  return row?.version ?? 0;
}

/**
 * Brings the database to the latest schema in one transaction (all pending migrations or none).
 * Refuses with SchemaTooNewError when a newer weft wrote it. Returns the version found.
 */
export function migrate(
  db: Database.Database,
  location: string,
  list: readonly Migration[] = released,
): number {
  const latest = latestSchemaVersion(list);
  const upgrade = db.transaction(() => {
    ensureVersionTable(db);
    const found = readSchemaVersion(db);
    if (found > latest) throw new SchemaTooNewError(location, found, latest);
    for (const migration of list) {
      if (migration.version > found) db.exec(migration.sql);
    }
    db.prepare('UPDATE schema_version SET version = ? WHERE id = 1').run(latest);
    return found;
  });
  return upgrade.immediate();
}

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../errors.js';
import { latestSchemaVersion, migrate, readSchemaVersion } from './migrate.js';
import type { Migration } from './migrations.js';

const first: Migration = { version: 1, sql: 'CREATE TABLE one (x INTEGER);' };
const second: Migration = { version: 2, sql: 'CREATE TABLE two (y INTEGER); INSERT INTO one VALUES (2);' };
const broken: Migration = {
  version: 3,
  sql: 'CREATE TABLE three (z INTEGER); INSERT INTO missing VALUES (1);',
};

function tables(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  return (rows as { name: string }[]).map((row) => row.name);
}

describe('sqlite migrations', () => {
  it('creates the released schema in an empty database', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 'memory')).toBe(0);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion());
    expect(tables(db)).toEqual(expect.arrayContaining(['objects', 'workflow_nodes', 'workflow_summaries']));
  });

  it('upgrades an older database by applying only the migrations it lacks', () => {
    const db = new Database(':memory:');
    migrate(db, 'memory', [first]);
    db.prepare('INSERT INTO one VALUES (1)').run();
    expect(migrate(db, 'memory', [first, second])).toBe(1);
    expect(readSchemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT x FROM one ORDER BY x').pluck().all()).toEqual([1, 2]);
  });

  it('applies nothing of an upgrade when one of its migrations fails', () => {
    const db = new Database(':memory:');
    migrate(db, 'memory', [first]);
    expect(() => migrate(db, 'memory', [first, second, broken])).toThrow(/missing/);
    expect(readSchemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('two');
    expect(tables(db)).not.toContain('three');
  });

  it('refuses a database written by a newer schema, naming both versions', () => {
    const db = new Database(':memory:');
    migrate(db, 'data.db', [first, second]);
    expect(() => migrate(db, 'data.db', [first])).toThrow(SchemaTooNewError);
    expect(() => migrate(db, 'data.db', [first])).toThrow(/data\.db has store schema version 2.*up to 1\./);
  });
});

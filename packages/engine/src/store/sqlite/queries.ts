import type Database from 'better-sqlite3';
import { type NodeRowParameters, type ObjectRow, type SqlDialect, selectObjects } from '../sql-queries.js';

/** SQL of the SQLite store: fixed statements prepared once; list/node queries come from ../sql-queries.ts. */

export const sqliteDialect: SqlDialect = {
  placeholder: () => '?',
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  listParameter: (values) => JSON.stringify(values),
};

/** The fixed statements, typed by their parameters and rows. */
export interface Statements {
  readonly currentResourceVersion: Database.Statement<[], { resource_version: number }>;
  readonly setResourceVersion: Database.Statement<[number]>;
  readonly selectByKey: Database.Statement<[string, string, string], ObjectRow>;
  readonly selectKindByUid: Database.Statement<[string], { kind: string }>;
  readonly insertObject: Database.Statement<[string, string, string, string, number, string, string]>;
  readonly updateObject: Database.Statement<[string, number, string]>;
  readonly touchObject: Database.Statement<[number, string]>;
  readonly deleteObject: Database.Statement<[string]>;
  readonly deleteLabels: Database.Statement<[string]>;
  readonly insertLabel: Database.Statement<[string, string, string]>;
  readonly upsertSummary: Database.Statement<[string, ...(string | null)[]]>;
  readonly upsertNode: Database.Statement<NodeRowParameters>;
  readonly countEvents: Database.Statement<[string], { count: number }>;
  readonly insertEvent: Database.Statement<[string, number, string]>;
  readonly selectEvents: Database.Statement<[string], { body: string }>;
  readonly deleteEvents: Database.Statement<[string]>;
  readonly incrementCounter: Database.Statement<[string], { value: number }>;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    countEvents: db.prepare<[string], { count: number }>(
      'SELECT COUNT(*) AS count FROM workflow_events WHERE workflow_uid = ?',
    ),
    insertEvent: db.prepare<[string, number, string]>(
      'INSERT INTO workflow_events (workflow_uid, seq, body) VALUES (?, ?, ?)',
    ),
    selectEvents: db.prepare<[string], { body: string }>(
      'SELECT body FROM workflow_events WHERE workflow_uid = ? ORDER BY seq',
    ),
    deleteEvents: db.prepare<[string]>('DELETE FROM workflow_events WHERE workflow_uid = ?'),
    incrementCounter: db.prepare<[string], { value: number }>(
      `INSERT INTO counters (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    ),
    currentResourceVersion: db.prepare<[], { resource_version: number }>(
      'SELECT resource_version FROM store_state WHERE id = 1',
    ),
    setResourceVersion: db.prepare<[number]>('UPDATE store_state SET resource_version = ? WHERE id = 1'),
    selectByKey: db.prepare<[string, string, string], ObjectRow>(
      `${selectObjects} WHERE o.kind = ? AND o.namespace = ? AND o.name = ?`,
    ),
    selectKindByUid: db.prepare<[string], { kind: string }>('SELECT kind FROM objects WHERE uid = ?'),
    insertObject: db.prepare<[string, string, string, string, number, string, string]>(
      `INSERT INTO objects (uid, kind, namespace, name, resource_version, creation_timestamp, body)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateObject: db.prepare<[string, number, string]>(
      'UPDATE objects SET body = ?, resource_version = ? WHERE uid = ?',
    ),
    touchObject: db.prepare<[number, string]>('UPDATE objects SET resource_version = ? WHERE uid = ?'),
    deleteObject: db.prepare<[string]>('DELETE FROM objects WHERE uid = ?'),
    deleteLabels: db.prepare<[string]>('DELETE FROM object_labels WHERE uid = ?'),
    insertLabel: db.prepare<[string, string, string]>(
      'INSERT INTO object_labels (uid, key, value) VALUES (?, ?, ?)',
    ),
    upsertSummary: db.prepare<[string, ...(string | null)[]]>(
      `INSERT INTO workflow_summaries (uid, phase, started_at, finished_at, progress, message)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (uid) DO UPDATE SET phase = excluded.phase, started_at = excluded.started_at,
         finished_at = excluded.finished_at, progress = excluded.progress, message = excluded.message`,
    ),
    /** Writes a node row only when its content differs from the stored one. */
    upsertNode: db.prepare<NodeRowParameters>(
      `INSERT INTO workflow_nodes (workflow_uid, id, phase, type, resource_version, body)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (workflow_uid, id) DO UPDATE SET phase = excluded.phase, type = excluded.type,
         resource_version = excluded.resource_version, body = excluded.body
       WHERE workflow_nodes.body IS NOT excluded.body`,
    ),
  };
}

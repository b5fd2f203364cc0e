import type { NodeStatus } from '@weft/core';
import type Database from 'better-sqlite3';
import type { LabelRequirement } from '../label-selector.js';
import type { StoredRecord } from '../objects.js';
import { type NodeQuery, StoredKind, type WorkflowSummary } from '../types.js';

/** SQL of the SQLite store: fixed statements prepared once, list/node queries built per shape. */

export interface ObjectRow {
  readonly uid: string;
  readonly kind: StoredKind;
  readonly namespace: string;
  readonly name: string;
  readonly resource_version: number;
  readonly creation_timestamp: string;
  readonly body: string;
  readonly phase: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly progress: string | null;
  readonly message: string | null;
}

const selectObjects = `SELECT o.uid, o.kind, o.namespace, o.name, o.resource_version, o.creation_timestamp, o.body,
  s.phase, s.started_at, s.finished_at, s.progress, s.message
  FROM objects o LEFT JOIN workflow_summaries s ON s.uid = o.uid`;

type Params6 = [string, string, string, string, number, string];

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
  readonly upsertNode: Database.Statement<Params6>;
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
    upsertNode: db.prepare<Params6>(
      `INSERT INTO workflow_nodes (workflow_uid, id, phase, type, resource_version, body)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (workflow_uid, id) DO UPDATE SET phase = excluded.phase, type = excluded.type,
         resource_version = excluded.resource_version, body = excluded.body
       WHERE workflow_nodes.body IS NOT excluded.body`,
    ),
  };
}

export function summaryParameters(summary: WorkflowSummary): (string | null)[] {
  return [summary.phase, summary.startedAt, summary.finishedAt, summary.progress, summary.message].map(
    (value) => value ?? null,
  );
}

function summaryOf(row: ObjectRow): WorkflowSummary | undefined {
  if (row.kind !== StoredKind.Workflow) return undefined;
  const entries = {
    phase: row.phase,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: row.progress,
    message: row.message,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== null));
}

export function recordOf(row: ObjectRow): StoredRecord {
  return {
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    resourceVersion: row.resource_version,
    creationTimestamp: row.creation_timestamp,
    body: JSON.parse(row.body),
    summary: summaryOf(row),
  };
}

export interface ListQuery {
  readonly kind: StoredKind;
  readonly namespace?: string;
  readonly requirements: readonly LabelRequirement[];
  readonly after?: { readonly namespace: string; readonly name: string };
  readonly limit?: number;
}

const hasLabel = 'EXISTS (SELECT 1 FROM object_labels l WHERE l.uid = o.uid AND l.key = ?';

function labelClause(requirement: LabelRequirement): { sql: string; parameters: string[] } {
  switch (requirement.op) {
    case 'equals':
      return { sql: `${hasLabel} AND l.value = ?)`, parameters: [requirement.key, requirement.value] };
    case 'notEquals':
      return { sql: `NOT ${hasLabel} AND l.value = ?)`, parameters: [requirement.key, requirement.value] };
    case 'exists':
      return { sql: `${hasLabel})`, parameters: [requirement.key] };
    case 'notExists':
      return { sql: `NOT ${hasLabel})`, parameters: [requirement.key] };
  }
}

/** SELECT of one list page, in (namespace, name) order, reading one row more than the limit. */
export function buildListQuery(query: ListQuery): { sql: string; parameters: (string | number)[] } {
  const where = ['o.kind = ?'];
  const parameters: (string | number)[] = [query.kind];
  if (query.namespace !== undefined) {
    where.push('o.namespace = ?');
    parameters.push(query.namespace);
  }
  if (query.after) {
    where.push('(o.namespace, o.name) > (?, ?)');
    parameters.push(query.after.namespace, query.after.name);
  }
  for (const requirement of query.requirements) {
    const clause = labelClause(requirement);
    where.push(clause.sql);
    parameters.push(...clause.parameters);
  }
  let sql = `${selectObjects} WHERE ${where.join(' AND ')} ORDER BY o.namespace, o.name`;
  if (query.limit !== undefined) {
    sql += ' LIMIT ?';
    parameters.push(query.limit + 1);
  }
  return { sql, parameters };
}

/** SELECT of a workflow's node bodies matching a NodeQuery, in id order. */
export function buildNodeQuery(
  workflowUid: string,
  query: NodeQuery,
  changedSince: number | undefined,
): { sql: string; parameters: (string | number)[] } {
  const where = ['workflow_uid = ?'];
  const parameters: (string | number)[] = [workflowUid];
  const inList = (column: string, values: readonly string[]) => {
    where.push(`${column} IN (SELECT value FROM json_each(?))`);
    parameters.push(JSON.stringify(values));
  };
  if (query.ids) inList('id', query.ids);
  if (query.phases) inList('phase', query.phases);
  if (query.types) inList('type', query.types);
  if (changedSince !== undefined) {
    where.push('resource_version > ?');
    parameters.push(changedSince);
  }
  if (query.afterId !== undefined) {
    where.push('id > ?');
    parameters.push(query.afterId);
  }
  let sql = `SELECT body FROM workflow_nodes WHERE ${where.join(' AND ')} ORDER BY id`;
  if (query.limit !== undefined) {
    sql += ' LIMIT ?';
    parameters.push(query.limit);
  }
  return { sql, parameters };
}

export function nodeRowParameters(workflowUid: string, node: NodeStatus, resourceVersion: number): Params6 {
  return [workflowUid, node.id, node.phase, node.type, resourceVersion, JSON.stringify(node)];
}

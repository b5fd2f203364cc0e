import type { NodeStatus } from '@weft/core';
import type pg from 'pg';
import { NotFoundError } from '../errors.js';
import { inNamespace, type ObjectRecord, type ResolvedKey } from '../objects.js';
import { type ObjectRow, type SqlDialect, selectObjects, summaryParameters } from '../sql-queries.js';

/**
 * SQL of the PostgreSQL store. Rows of one write (labels, nodes, events) go in one statement as
 * arrays through unnest, so a write costs a fixed number of round trips whatever its size.
 */

export const postgresDialect: SqlDialect = {
  placeholder: (position) => `$${position}`,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  listParameter: (values) => [...values],
};

export const sql = {
  currentResourceVersion: 'SELECT resource_version FROM store_state WHERE id = 1',
  /** Locks the counter row until commit: writers of objects and nodes take turns, in commit order. */
  lockResourceVersion: 'SELECT resource_version FROM store_state WHERE id = 1 FOR UPDATE',
  bumpResourceVersion:
    'UPDATE store_state SET resource_version = resource_version + 1 WHERE id = 1 RETURNING resource_version',
  setResourceVersion: 'UPDATE store_state SET resource_version = $1 WHERE id = 1',
  selectByKey: `${selectObjects} WHERE o.kind = $1 AND o.namespace = $2 AND o.name = $3`,
  selectKindByUid: 'SELECT kind FROM objects WHERE uid = $1',
  /** Locks a workflow's row, so appends to its event log take turns. */
  lockKindByUid: 'SELECT kind FROM objects WHERE uid = $1 FOR UPDATE',
  insertObject: `INSERT INTO objects (uid, kind, namespace, name, resource_version, creation_timestamp, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  updateObject: 'UPDATE objects SET body = $1, resource_version = $2 WHERE uid = $3',
  touchObject: 'UPDATE objects SET resource_version = $1 WHERE uid = $2',
  deleteObject: 'DELETE FROM objects WHERE uid = $1',
  deleteLabels: 'DELETE FROM object_labels WHERE uid = $1',
  insertLabels: `INSERT INTO object_labels (uid, key, value)
    SELECT $1, l.key, l.value FROM unnest($2::text[], $3::text[]) AS l(key, value)`,
  upsertSummary: `INSERT INTO workflow_summaries (uid, phase, started_at, finished_at, progress, message)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (uid) DO UPDATE SET phase = excluded.phase, started_at = excluded.started_at,
      finished_at = excluded.finished_at, progress = excluded.progress, message = excluded.message`,
  /** Writes node rows whose content differs from the stored ones; the row count says how many. */
  upsertNodes: `INSERT INTO workflow_nodes (workflow_uid, id, phase, type, resource_version, body)
    SELECT $1, n.id, n.phase, n.type, $2, n.body
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS n(id, phase, type, body)
    ON CONFLICT (workflow_uid, id) DO UPDATE SET phase = excluded.phase, type = excluded.type,
      resource_version = excluded.resource_version, body = excluded.body
    WHERE workflow_nodes.body IS DISTINCT FROM excluded.body`,
  /** The log's length: its records are numbered 0, 1, … without gaps. */
  eventLogLength: 'SELECT COALESCE(MAX(seq) + 1, 0) AS length FROM workflow_events WHERE workflow_uid = $1',
  insertEvents: `INSERT INTO workflow_events (workflow_uid, seq, body)
    SELECT $1, $2 + e.position - 1, e.body FROM unnest($3::text[]) WITH ORDINALITY AS e(body, position)`,
  selectEvents: 'SELECT body FROM workflow_events WHERE workflow_uid = $1 ORDER BY seq',
  deleteEvents: 'DELETE FROM workflow_events WHERE workflow_uid = $1',
  incrementCounter: `INSERT INTO counters (name, value) VALUES ($1, 1)
    ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`,
} as const;

/** upsertNodes' parameters after the workflow uid and resourceVersion: one array per column. */
export function nodeColumns(nodes: readonly NodeStatus[]): [string[], string[], string[], string[]] {
  // One row per id (the last given wins): a statement may not update the same row twice.
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const rows = [...byId.values()];
  return [
    rows.map((node) => node.id),
    rows.map((node) => node.phase),
    rows.map((node) => node.type),
    rows.map((node) => JSON.stringify(node)),
  ];
}

/** insertLabels' parameters after the uid. */
function labelColumns(labels: Readonly<Record<string, string>>): [string[], string[]] {
  const entries = Object.entries(labels);
  return [entries.map(([key]) => key), entries.map(([, value]) => value)];
}

type Client = pg.ClientBase;

/** The next store-wide resourceVersion; holds the counter's row lock until the transaction ends. */
export async function bumpResourceVersion(client: Client): Promise<number> {
  const { rows } = await client.query<{ resource_version: number }>(sql.bumpResourceVersion);
  return rows[0].resource_version;
}

export async function currentResourceVersion(client: Client): Promise<number> {
  const { rows } = await client.query<{ resource_version: number }>(sql.currentResourceVersion);
  return rows[0]?.resource_version ?? 0;
}

export async function findRow(client: Client | pg.Pool, key: ResolvedKey): Promise<ObjectRow | undefined> {
  const { rows } = await client.query<ObjectRow>(sql.selectByKey, [key.kind, key.namespace, key.name]);
  return rows[0];
}

export async function existingRow(client: Client, key: ResolvedKey): Promise<ObjectRow> {
  const row = await findRow(client, key);
  if (!row) throw new NotFoundError(`${key.kind} "${key.name}" not found${inNamespace(key)}`);
  return row;
}

export async function requireWorkflow(
  client: Client | pg.Pool,
  uid: string,
  query: string = sql.selectKindByUid,
): Promise<void> {
  const { rows } = await client.query<{ kind: string }>(query, [uid]);
  if (rows[0]?.kind !== 'Workflow') throw new NotFoundError(`no Workflow has uid ${uid}`);
}

export async function writeLabelsAndSummary(
  client: Client,
  uid: string,
  record: ObjectRecord,
): Promise<void> {
  if (Object.keys(record.labels).length > 0) {
    await client.query(sql.insertLabels, [uid, ...labelColumns(record.labels)]);
  }
  if (record.summary) await client.query(sql.upsertSummary, [uid, ...summaryParameters(record.summary)]);
}

export async function insertEvents(
  client: Client,
  workflowUid: string,
  firstSeq: number,
  records: readonly unknown[],
): Promise<void> {
  if (records.length === 0) return;
  const bodies = records.map((record) => JSON.stringify(record));
  await client.query(sql.insertEvents, [workflowUid, firstSeq, bodies]);
}

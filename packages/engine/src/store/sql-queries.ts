import type { NodeStatus } from '@weft/core';
import type { LabelRequirement } from './label-selector.js';
import type { StoredRecord } from './objects.js';
import { type NodeQuery, StoredKind, type WorkflowSummary } from './types.js';

/**
 * SQL both relational stores share: the object row and its reassembly, list pages (label
 * selectors, keyset paging) and node queries. A SqlDialect supplies what differs: placeholders
 * and how a list of values is bound.
 */

export interface SqlDialect {
  /** The placeholder of the `position`th parameter (1-based). */
  placeholder(position: number): string;
  /** A condition that `column` is one of the values bound at `placeholder`. */
  inList(column: string, placeholder: string): string;
  /** The parameter bound for `inList`. */
  listParameter(values: readonly string[]): unknown;
}

export interface SqlQuery {
  readonly sql: string;
  readonly parameters: unknown[];
}

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

export const selectObjects = `SELECT o.uid, o.kind, o.namespace, o.name, o.resource_version, o.creation_timestamp, o.body,
  s.phase, s.started_at, s.finished_at, s.progress, s.message
  FROM objects o LEFT JOIN workflow_summaries s ON s.uid = o.uid`;

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

/** Collects parameters and hands out their placeholders in order. */
function binder(dialect: SqlDialect) {
  const parameters: unknown[] = [];
  return {
    parameters,
    bind(value: unknown): string {
      parameters.push(value);
      return dialect.placeholder(parameters.length);
    },
  };
}

export interface ListQuery {
  readonly kind: StoredKind;
  readonly namespace?: string;
  readonly requirements: readonly LabelRequirement[];
  readonly after?: { readonly namespace: string; readonly name: string };
  readonly limit?: number;
}

function labelClause(requirement: LabelRequirement, bind: (value: unknown) => string): string {
  const hasLabel = `EXISTS (SELECT 1 FROM object_labels l WHERE l.uid = o.uid AND l.key = ${bind(requirement.key)}`;
  switch (requirement.op) {
    case 'equals':
      return `${hasLabel} AND l.value = ${bind(requirement.value)})`;
    case 'notEquals':
      return `NOT ${hasLabel} AND l.value = ${bind(requirement.value)})`;
    case 'exists':
      return `${hasLabel})`;
    case 'notExists':
      return `NOT ${hasLabel})`;
  }
}

/** SELECT of one list page, in (namespace, name) order, reading one row more than the limit. */
export function buildListQuery(query: ListQuery, dialect: SqlDialect): SqlQuery {
  const { parameters, bind } = binder(dialect);
  const where = [`o.kind = ${bind(query.kind)}`];
  if (query.namespace !== undefined) where.push(`o.namespace = ${bind(query.namespace)}`);
  if (query.after) {
    where.push(`(o.namespace, o.name) > (${bind(query.after.namespace)}, ${bind(query.after.name)})`);
  }
  for (const requirement of query.requirements) where.push(labelClause(requirement, bind));
  let sql = `${selectObjects} WHERE ${where.join(' AND ')} ORDER BY o.namespace, o.name`;
  if (query.limit !== undefined) sql += ` LIMIT ${bind(query.limit + 1)}`;
  return { sql, parameters };
}

/** SELECT of a workflow's node bodies matching a NodeQuery, in id order. */
export function buildNodeQuery(
  workflowUid: string,
  query: NodeQuery,
  changedSince: number | undefined,
  dialect: SqlDialect,
): SqlQuery {
  const { parameters, bind } = binder(dialect);
  const where = [`workflow_uid = ${bind(workflowUid)}`];
  const inList = (column: string, values: readonly string[]) =>
    where.push(dialect.inList(column, bind(dialect.listParameter(values))));
  if (query.ids) inList('id', query.ids);
  if (query.phases) inList('phase', query.phases);
  if (query.types) inList('type', query.types);
  if (changedSince !== undefined) where.push(`resource_version > ${bind(changedSince)}`);
  if (query.afterId !== undefined) where.push(`id > ${bind(query.afterId)}`);
  let sql = `SELECT body FROM workflow_nodes WHERE ${where.join(' AND ')} ORDER BY id`;
  if (query.limit !== undefined) sql += ` LIMIT ${bind(query.limit)}`;
  return { sql, parameters };
}

export type NodeRowParameters = [string, string, string, string, number, string];

/** (workflow_uid, id, phase, type, resource_version, body) of one node row. */
export function nodeRowParameters(
  workflowUid: string,
  node: NodeStatus,
  resourceVersion: number,
): NodeRowParameters {
  return [workflowUid, node.id, node.phase, node.type, resourceVersion, JSON.stringify(node)];
}

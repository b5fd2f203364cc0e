import type { ObjectMeta } from '@weft/core';
import { ConflictError, InvalidRequestError } from './errors.js';
import {
  clusterScopedKinds,
  type DeletePreconditions,
  defaultNamespace,
  type ObjectInput,
  type ObjectKey,
  StoredKind,
  type StoredObject,
  summaryFields,
  type WorkflowSummary,
} from './types.js';

/**
 * Backend-independent handling of objects: keys, the split of an object into what a backend
 * stores (identity columns, labels, a body, a Workflow's summary) and its reassembly on read.
 */

export interface ResolvedKey {
  readonly kind: StoredKind;
  readonly namespace: string;
  readonly name: string;
}

/** The identity columns plus what a backend stores of one object. */
export interface ObjectRecord extends ResolvedKey {
  readonly labels: Readonly<Record<string, string>>;
  /** The object without identity fields, resourceVersion, summary fields or `status.nodes`. */
  readonly body: ObjectInput;
  /** Only for Workflows. */
  readonly summary?: WorkflowSummary;
}

/** What a backend reads back for one object. */
export interface StoredRecord extends ResolvedKey {
  readonly uid: string;
  readonly resourceVersion: number;
  readonly creationTimestamp: string;
  readonly body: ObjectInput;
  readonly summary?: WorkflowSummary;
}

const knownKinds = new Set<string>(Object.values(StoredKind));

export function checkKind(kind: string): StoredKind {
  if (!knownKinds.has(kind)) throw new InvalidRequestError(`kind "${kind}" is not stored`);
  return kind as StoredKind;
}

export function namespaceOf(kind: StoredKind, namespace: string | undefined): string {
  return clusterScopedKinds.has(kind) ? '' : namespace || defaultNamespace;
}

export function resolveKey(key: ObjectKey): ResolvedKey {
  const kind = checkKind(key.kind);
  return { kind, namespace: namespaceOf(kind, key.namespace), name: key.name };
}

function splitSummary(kind: StoredKind, status: unknown): { status?: unknown; summary?: WorkflowSummary } {
  if (kind !== StoredKind.Workflow) return { status };
  if (status === undefined || status === null) return { summary: {} };
  const { nodes, ...rest } = status as Record<string, unknown>;
  if (nodes !== undefined) {
    throw new InvalidRequestError('status.nodes is stored per node: write nodes with putNodes');
  }
  const summary: Record<string, string> = {};
  for (const field of summaryFields) {
    if (typeof rest[field] === 'string') summary[field] = rest[field] as string;
    delete rest[field];
  }
  return { status: Object.keys(rest).length > 0 ? rest : undefined, summary };
}

/** Splits an object given to create/update; `name` is the resolved name (after generateName). */
export function toRecord(object: ObjectInput, name: string): ObjectRecord {
  const kind = checkKind(object.kind);
  const namespace = namespaceOf(kind, object.metadata.namespace);
  const {
    name: _name,
    namespace: _namespace,
    uid: _uid,
    resourceVersion: _resourceVersion,
    creationTimestamp: _creationTimestamp,
    ...metadata
  } = object.metadata;
  const { status, summary } = splitSummary(kind, object.status);
  const body: ObjectInput = { ...object, kind, metadata };
  if (status === undefined) delete body.status;
  else body.status = status;
  return { kind, namespace, name, labels: metadata.labels ?? {}, body, summary };
}

function mergeSummary(status: unknown, summary: WorkflowSummary): Record<string, unknown> | undefined {
  const merged: Record<string, unknown> = { ...(status as Record<string, unknown> | undefined) };
  for (const field of summaryFields) {
    if (summary[field] !== undefined) merged[field] = summary[field];
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Reassembles the object callers see from what a backend stored. */
export function fromRecord(record: StoredRecord): StoredObject {
  const { body } = record;
  const metadata: ObjectMeta = body.metadata;
  const object: StoredObject = {
    ...body,
    metadata: {
      name: record.name,
      ...(record.namespace === '' ? {} : { namespace: record.namespace }),
      uid: record.uid,
      resourceVersion: String(record.resourceVersion),
      creationTimestamp: record.creationTimestamp,
      ...metadata,
    },
  };
  if (record.summary) {
    const status = mergeSummary(body.status, record.summary);
    if (status) object.status = status;
  }
  return object;
}

/** A resourceVersion given by a caller, as the counter value it stands for. */
export function parseResourceVersion(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new InvalidRequestError(`resourceVersion "${value}" is not one this store issued`);
  }
  return parsed;
}

/** The name an object is created under; InvalidRequestError without name or generateName. */
export function nameForCreate(metadata: ObjectMeta, nameSuffix: () => string): string {
  if (metadata.name) return metadata.name;
  if (metadata.generateName) return `${metadata.generateName}${nameSuffix()}`;
  throw new InvalidRequestError('metadata.name or metadata.generateName is required');
}

/** ` in namespace "x"` for messages about namespaced objects; empty for cluster-scoped ones. */
export function inNamespace(key: ResolvedKey): string {
  return key.namespace === '' ? '' : ` in namespace "${key.namespace}"`;
}

/** A caller's page size; InvalidRequestError unless it is a count. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new InvalidRequestError(`limit ${limit} is not a count`);
  return limit;
}

/** Kubernetes' preconditions: a given uid or resourceVersion must be the stored one. ConflictError if not. */
export function checkPreconditions(
  stored: { readonly uid: string; readonly resourceVersion: number },
  given: DeletePreconditions,
  key: ResolvedKey,
): void {
  if (given.uid !== undefined && given.uid !== stored.uid) {
    throw new ConflictError(`${key.kind} "${key.name}": uid ${given.uid} is not the stored ${stored.uid}`);
  }
  if (
    given.resourceVersion !== undefined &&
    parseResourceVersion(given.resourceVersion) !== stored.resourceVersion
  ) {
    throw new ConflictError(
      `${key.kind} "${key.name}" was modified: resourceVersion ${given.resourceVersion} is stale ` +
        `(now ${stored.resourceVersion}); read it again and retry`,
    );
  }
}

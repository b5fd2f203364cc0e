import type { NodePhase, NodeStatus, NodeType, ObjectMeta } from '@weft/core';

/**
 * The Store port: weft's objects with the Kubernetes API's semantics (metadata, a store-wide
 * resourceVersion, optimistic concurrency, label selectors, keyset paging), plus Workflow node
 * status kept per node row and a small per-workflow summary for lists.
 * Implementations: sqlite (embedded default), later postgres. All run ./store-suite.ts.
 */

/** The kinds a store holds, Argo's and Kubernetes' names verbatim. */
export const StoredKind = {
  Workflow: 'Workflow',
  WorkflowTemplate: 'WorkflowTemplate',
  ClusterWorkflowTemplate: 'ClusterWorkflowTemplate',
  CronWorkflow: 'CronWorkflow',
  ConfigMap: 'ConfigMap',
  /** Kubernetes' Secret, stored with its data sealed (see engine secrets/encryption.ts), never in clear. */
  Secret: 'Secret',
  /** weft's API access tokens (cluster-scoped): a role in a namespace, the token kept only as a hash. */
  AccessToken: 'AccessToken',
} as const;
export type StoredKind = (typeof StoredKind)[keyof typeof StoredKind];

/** Kinds without a namespace: their objects are stored under the namespace `''`. */
export const clusterScopedKinds: ReadonlySet<StoredKind> = new Set([
  StoredKind.ClusterWorkflowTemplate,
  StoredKind.AccessToken,
]);

export const defaultNamespace = 'default';

/** Metadata as the store returns it: identity, uid, resourceVersion and creationTimestamp always set. */
export interface StoredMeta extends ObjectMeta {
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  uid: string;
  /** Opaque to callers; compares as a store-wide increasing counter. */
  resourceVersion: string;
  creationTimestamp: string;
}

/** An object as given to `create`/`update`: Argo's or Kubernetes' manifest shape. */
export interface ObjectInput {
  apiVersion?: string;
  kind: StoredKind;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface StoredObject extends ObjectInput {
  metadata: StoredMeta;
}

/** Identity of one object; `namespace` is ignored for cluster-scoped kinds and defaults to `default`. */
export interface ObjectKey {
  readonly kind: StoredKind;
  readonly namespace?: string;
  readonly name: string;
}

export interface ListOptions {
  /** Only this namespace; all namespaces when absent. */
  readonly namespace?: string;
  /** Equality-based selector: `a=b`, `a==b`, `a!=b`, `a` (has key), `!a` (lacks key), comma-separated. */
  readonly labelSelector?: string;
  /** At most this many items; a `continue` token is returned when more remain. */
  readonly limit?: number;
  /** The token of the previous page. */
  readonly continue?: string;
}

export interface ObjectList {
  /** Ordered by namespace, then name. */
  readonly items: readonly StoredObject[];
  /** Present when more items remain; pass as `ListOptions.continue`. */
  readonly continue?: string;
  /** The store's resourceVersion when the page was read. */
  readonly resourceVersion: string;
}

/** Preconditions of a delete (Kubernetes' `DeleteOptions.preconditions`). */
export interface DeletePreconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** The part of a Workflow's status that lists show; kept in one small row per workflow. */
export interface WorkflowSummary {
  readonly phase?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly progress?: string;
  readonly message?: string;
}

export const summaryFields = ['phase', 'startedAt', 'finishedAt', 'progress', 'message'] as const;

/** Which node rows `getNodes` returns; every given condition must hold. Ordered by node id. */
export interface NodeQuery {
  readonly ids?: readonly string[];
  readonly phases?: readonly NodePhase[];
  readonly types?: readonly NodeType[];
  /** Only nodes written after this resourceVersion (for streams sending changes). */
  readonly changedSince?: string;
  /** Keyset paging: nodes whose id sorts after this one. */
  readonly afterId?: string;
  readonly limit?: number;
}

export interface Store {
  /**
   * Creates an object; sets uid, resourceVersion and creationTimestamp, and the name from
   * `metadata.generateName` when no name is given. AlreadyExistsError when the name is taken.
   * A Workflow's summary fields in `status` go to its summary; `status.nodes` must go through putNodes.
   */
  create(object: ObjectInput): Promise<StoredObject>;
  /** The object, with a Workflow's summary merged into `status`, or undefined. */
  get(key: ObjectKey): Promise<StoredObject | undefined>;
  list(kind: StoredKind, options?: ListOptions): Promise<ObjectList>;
  /**
   * Replaces an object. With `metadata.resourceVersion` set, fails with ConflictError unless it is
   * the stored one (without it the update is unconditional, as in Kubernetes). NotFoundError when absent.
   * uid and creationTimestamp are kept.
   */
  update(object: ObjectInput): Promise<StoredObject>;
  /** Deletes an object with its labels, summary and nodes; returns it as it was. */
  delete(key: ObjectKey, preconditions?: DeletePreconditions): Promise<StoredObject>;
  /**
   * Upserts these node rows of a workflow (only rows whose content changed are written) and bumps
   * the workflow's resourceVersion when any did. NotFoundError when no workflow has this uid.
   */
  putNodes(workflowUid: string, nodes: readonly NodeStatus[]): Promise<void>;
  getNodes(workflowUid: string, query?: NodeQuery): Promise<readonly NodeStatus[]>;
  /** Replaces a workflow's summary and bumps its resourceVersion. */
  putSummary(workflowUid: string, summary: WorkflowSummary): Promise<void>;
  /**
   * Appends records (JSON values) to a workflow's event log, the first at position `firstSeq`
   * (0-based). Atomic: all or none. ConflictError when `firstSeq` is not the log's current length
   * (another writer appended, or a record would be written twice). NotFoundError when no workflow
   * has this uid. Deleted with the workflow.
   */
  appendEvents(workflowUid: string, firstSeq: number, records: readonly unknown[]): Promise<void>;
  /** The whole event log of a workflow, in order; empty when none was written. */
  readEvents(workflowUid: string): Promise<readonly unknown[]>;
  /** Replaces a workflow's whole event log atomically (a retry rewrites history). */
  replaceEvents(workflowUid: string, records: readonly unknown[]): Promise<void>;
  /** Increments a named counter (starting at 1) and returns its new value; durable, atomic. */
  nextCounter(name: string): Promise<number>;
  close(): Promise<void>;
}

/** Where a store takes time and ids from: one place, injectable in tests. */
export interface StoreContext {
  now(): Date;
  newUid(): string;
  /** Suffix appended to `metadata.generateName`. */
  nameSuffix(): string;
}

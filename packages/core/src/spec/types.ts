/**
 * Argo Workflows `argoproj.io/v1alpha1` object shapes, as users write them.
 * Field names are Argo's verbatim. Only what weft reads is typed strictly;
 * everything else passes through untouched (`[key: string]: unknown`).
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  resourceVersion?: string;
  [key: string]: unknown;
}

export interface ValueFrom {
  path?: string;
  parameter?: string;
  expression?: string;
  default?: string;
  supplied?: Record<string, never>;
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
  jsonPath?: string;
  jqFilter?: string;
  event?: string;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  value?: string | number | boolean;
  default?: string | number | boolean;
  enum?: Array<string | number | boolean>;
  valueFrom?: ValueFrom;
  globalName?: string;
  description?: string;
}

export interface Artifact {
  name: string;
  path?: string;
  from?: string;
  fromExpression?: string;
  globalName?: string;
  optional?: boolean;
  mode?: number;
  subPath?: string;
  raw?: { data: string };
  archive?: { none?: object; tar?: { compressionLevel?: number }; zip?: object };
  s3?: { key?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Inputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Outputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

export interface Arguments {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export type Items = Array<unknown>;

export interface Sequence {
  count?: string | number;
  start?: string | number;
  end?: string | number;
  format?: string;
}

export interface TemplateRef {
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface ContinueOn {
  failed?: boolean;
  error?: boolean;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: Arguments;
  expression?: string;
}

/** A step in a `steps` template, or a task in a `dag` template: the shared invocation fields. */
export interface Invocation {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  when?: string;
  withItems?: Items;
  withParam?: string;
  withSequence?: Sequence;
  continueOn?: ContinueOn;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}

export type WorkflowStep = Invocation;

export interface DagTask extends Invocation {
  dependencies?: string[];
  depends?: string;
}

export interface DagTemplate {
  tasks: DagTask[];
  target?: string;
  failFast?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  workingDir?: string;
  volumeMounts?: VolumeMount[];
  resources?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ScriptTemplate extends Container {
  source: string;
}

export interface ContainerSetContainer extends Container {
  name: string;
  dependencies?: string[];
}

export interface ContainerSetTemplate {
  containers: ContainerSetContainer[];
  volumeMounts?: VolumeMount[];
  retryStrategy?: { retries?: number | string; duration?: string };
}

export interface SuspendTemplate {
  duration?: string | number;
}

export interface RetryStrategy {
  limit?: number | string;
  retryPolicy?: 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError';
  expression?: string;
  backoff?: { duration?: string | number; factor?: number | string; maxDuration?: string; cap?: string };
  affinity?: unknown;
}

export interface Memoize {
  key: string;
  maxAge?: string;
  cache?: { configMap?: { name: string; key?: string } };
}

export interface Mutex {
  name: string;
  namespace?: string;
  database?: boolean;
}

export interface SemaphoreRef {
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
  database?: { key: string };
  namespace?: string;
}

export interface Synchronization {
  /** Deprecated singular forms (Argo v3.5 and before) are still read. */
  mutex?: Mutex;
  mutexes?: Mutex[];
  semaphore?: SemaphoreRef;
  semaphores?: SemaphoreRef[];
}

/** `status.nodes[].memoizationStatus`. */
export interface MemoizationStatus {
  hit: boolean;
  key: string;
  cacheName: string;
}

export interface Template {
  name: string;
  inputs?: Inputs;
  outputs?: Outputs;
  container?: Container;
  script?: ScriptTemplate;
  steps?: WorkflowStep[][];
  dag?: DagTemplate;
  suspend?: SuspendTemplate;
  containerSet?: ContainerSetTemplate;
  resource?: Record<string, unknown>;
  http?: Record<string, unknown>;
  data?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
  initContainers?: Container[];
  sidecars?: Container[];
  volumes?: Array<Record<string, unknown> & { name: string }>;
  parallelism?: number | string;
  failFast?: boolean;
  retryStrategy?: RetryStrategy;
  activeDeadlineSeconds?: number | string;
  timeout?: string;
  daemon?: boolean;
  memoize?: Memoize;
  synchronization?: Synchronization;
  /** weft: orders pods waiting for `spec.parallelism` (higher first, FIFO among equals). */
  priority?: number | string;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  podSpecPatch?: string;
  hooks?: Record<string, LifecycleHook>;
  [key: string]: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  arguments?: Arguments;
  templates?: Template[];
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  onExit?: string;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  templateDefaults?: Partial<Template>;
  volumes?: Array<Record<string, unknown> & { name: string }>;
  volumeClaimTemplates?: Array<Record<string, unknown>>;
  hooks?: Record<string, LifecycleHook>;
  retryStrategy?: RetryStrategy;
  synchronization?: Synchronization;
  priority?: number | string;
  suspend?: boolean;
  podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  serviceAccountName?: string;
  [key: string]: unknown;
}

export interface Workflow {
  apiVersion: string;
  kind: 'Workflow';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  apiVersion: string;
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface ConfigMap {
  apiVersion: string;
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

export const NodePhase = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Error: 'Error',
  Skipped: 'Skipped',
  Omitted: 'Omitted',
} as const;
export type NodePhase = (typeof NodePhase)[keyof typeof NodePhase];

export const NodeType = {
  Pod: 'Pod',
  Container: 'Container',
  Steps: 'Steps',
  StepGroup: 'StepGroup',
  DAG: 'DAG',
  TaskGroup: 'TaskGroup',
  Retry: 'Retry',
  Skipped: 'Skipped',
  Suspend: 'Suspend',
  HTTP: 'HTTP',
  Plugin: 'Plugin',
} as const;
export type NodeType = (typeof NodeType)[keyof typeof NodeType];

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  inputs?: Inputs;
  outputs?: Outputs;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  /** A daemon step that is running and ready: its successors may start; killed when its scope ends. */
  daemoned?: boolean;
  /** Set for daemoned nodes (127.0.0.1 locally). */
  podIP?: string;
  /** `hooked`: the node runs a lifecycle hook. */
  nodeFlag?: { hooked?: boolean; retried?: boolean };
  resourcesDuration?: Record<string, number>;
  estimatedDuration?: number;
  memoizationStatus?: MemoizationStatus;
  /** Set while the node waits for a lock: the lock's key. */
  synchronizationStatus?: { waiting?: string };
}

export interface WorkflowStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
  outputs?: Outputs;
  storedTemplates?: Record<string, Template>;
}

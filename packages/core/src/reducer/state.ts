import type {
  Artifact,
  ConfigMap,
  DagTask,
  NodeStatus,
  Parameter,
  Template,
  Workflow,
  WorkflowSpec,
  WorkflowStep,
} from '../spec/types.js';
import type { WorkflowCommand } from './events.js';

/** Where a template was found: the workflow itself, a WorkflowTemplate or a ClusterWorkflowTemplate. */
export interface TemplateHome {
  readonly kind: 'local' | 'namespaced' | 'cluster';
  readonly name: string;
}

/** Templates by home, built once per run. */
export interface TemplateLibrary {
  readonly local: ReadonlyMap<string, Template>;
  readonly namespaced: ReadonlyMap<string, ReadonlyMap<string, Template>>;
  readonly cluster: ReadonlyMap<string, ReadonlyMap<string, Template>>;
  readonly defaults?: Partial<Template>;
}

/** An artifact known by reference: where its bytes are stored (a key in the artifact store). */
export interface ArtifactRef extends Artifact {
  readonly key?: string;
}

export interface ResolvedInputs {
  readonly parameters: Readonly<Record<string, string>>;
  readonly artifacts: Readonly<Record<string, ArtifactRef>>;
  /** Inputs in Argo's node shape, for `status.nodes[].inputs`. */
  readonly parameterList: readonly Parameter[];
}

/** A template being executed for a node: the substituted template and where it came from. */
export interface Frame {
  readonly template: Template;
  readonly home: TemplateHome;
  readonly inputs: ResolvedInputs;
  readonly nodeId: string;
  readonly nodeName: string;
  /** Retry attempt number for `{{retries}}`. */
  readonly retries?: number;
}

/** How a child was invoked, kept so its owner can judge continueOn and hooks. */
export interface Invocation {
  readonly step?: WorkflowStep | DagTask;
  readonly item?: { readonly value: unknown };
}

export interface StepsScope {
  readonly kind: 'steps';
  readonly nodeId: string;
  readonly frame: Frame;
  groupIndex: number;
  /** step name → node ids of that step (several when it loops), in creation order, across groups run so far. */
  readonly stepNodes: Map<string, string[]>;
  readonly loopSteps: Set<string>;
  /** child node id → the step that created it (continueOn). */
  readonly childSteps: Map<string, WorkflowStep>;
}

export interface PendingLaunch {
  readonly step: WorkflowStep | DagTask;
  readonly item?: { readonly value: unknown; readonly index: number };
  readonly name: string;
  readonly displayName: string;
}

export interface GroupScope {
  readonly kind: 'stepGroup' | 'taskGroup';
  readonly nodeId: string;
  /** The steps or dag scope whose variables its children see. */
  readonly ownerScopeId: string;
  /** Template-level parallelism of the steps/dag template (and failFast for steps). */
  readonly limit: number;
  running: number;
  readonly queue: PendingLaunch[];
  readonly children: string[];
  /** A child failed and the template has failFast: start no more. */
  stopLaunching: boolean;
}

export interface DagTaskState {
  readonly task: DagTask;
  readonly dependencies: readonly string[];
  /** The parsed `depends` (or legacy `dependencies` translated), absent for root tasks. */
  readonly depends?: import('./depends.js').DependsNode;
  status: 'waiting' | 'queued' | 'started' | 'done';
  nodeId?: string;
  remaining: number;
}

export interface DagScope {
  readonly kind: 'dag';
  readonly nodeId: string;
  readonly frame: Frame;
  readonly tasks: Map<string, DagTaskState>;
  readonly dependents: Map<string, string[]>;
  readonly targets: readonly string[];
  /** Tasks that must finish (targets and their ancestors). */
  readonly relevant: Set<string>;
  unfinished: number;
  running: number;
  readonly limit: number;
  readonly queue: string[];
  failFast: boolean;
  stopScheduling: boolean;
  readonly loopTasks: Set<string>;
  /** node id of a task (or of its TaskGroup) → task name. */
  readonly taskOfNode: Map<string, string>;
}

export interface RetryScope {
  readonly kind: 'retry';
  readonly nodeId: string;
  readonly launch: LaunchSpec;
  attempts: number;
  /** The effective retryStrategy (the template's, else `spec.retryStrategy`), `{{…}}` substituted. */
  readonly strategy: import('../spec/types.js').RetryStrategy;
  /** `backoff.maxDuration` deadline the next attempt's pod must end by (Argo's executionDeadline). */
  deadline?: number;
}

/** Everything needed to (re)start a template for a node. */
export interface LaunchSpec {
  readonly template: Template;
  readonly home: TemplateHome;
  readonly inputs: ResolvedInputs;
  readonly name: string;
  readonly displayName: string;
  readonly boundaryId: string;
  readonly templateRef?: { name: string; template: string; clusterScope?: boolean };
  /** The step or task that invoked it (continueOn, hooks), absent for the entrypoint and exit handlers. */
  readonly step?: WorkflowStep | DagTask;
  /** Set on retry attempts: the attempt number; a template with retryStrategy is wrapped in a Retry node first. */
  readonly retryAttempt?: number;
  /** The node that links to this one as a parent in the graph. */
  readonly parentIds: readonly string[];
}

/** A node whose completion waits for its exit hook; the hook node's owner is this. */
export interface ExitHookScope {
  readonly kind: 'exitHook';
  readonly nodeId: string;
  /** The node the hook ran for. */
  readonly hookedNodeId: string;
}

/** The hook nodes a hooked node's lifecycle hooks started; the hooked node's owner hears of it after them. */
export interface LifecycleHookScope {
  readonly kind: 'lifecycleHook';
  readonly nodeId: string;
  readonly hookedNodeId: string;
}

/** A node (a step, a task, or the workflow's root) with `hooks.<name>.expression` hooks. */
export interface HookedNode {
  readonly hooks: readonly (readonly [string, import('../spec/types.js').LifecycleHook])[];
  /** The scope that owns the hooked node (its variables resolve the expressions). */
  readonly ownerId?: string;
  /** Hook names already started (each runs once). */
  readonly fired: Set<string>;
  /** Hook nodes started and not yet fulfilled. */
  readonly running: Set<string>;
  /** The hooked node is fulfilled and its owner waits for the running hooks. */
  holding: boolean;
}

export type Scope = StepsScope | GroupScope | DagScope | RetryScope | ExitHookScope | LifecycleHookScope;

export interface Timer {
  readonly id: string;
  readonly at: number;
  readonly action:
    | { readonly kind: 'suspendExpired'; readonly nodeId: string }
    | { readonly kind: 'podDeadline'; readonly nodeId: string }
    | { readonly kind: 'templateTimeout'; readonly nodeId: string }
    | { readonly kind: 'workflowDeadline' }
    | { readonly kind: 'retryBackoff'; readonly retryNodeId: string };
}

/** The reducer's state for one workflow. Mutated in place by `advance` (O(1) per node change). */
export interface WorkflowState {
  readonly workflow: Workflow;
  /** The effective spec: workflowTemplateRef merged, entrypoint and parameters resolved. */
  readonly spec: WorkflowSpec;
  readonly library: TemplateLibrary;
  readonly configMaps: readonly ConfigMap[];
  readonly globalParameters: Map<string, string>;
  readonly globalOutputs: { parameters: Map<string, string>; artifacts: Map<string, ArtifactRef> };
  readonly nodes: Map<string, NodeStatus>;
  /** child node id → owning scope node id (the scope notified when the child is fulfilled). */
  readonly owners: Map<string, string>;
  readonly scopes: Map<string, Scope>;
  /** Leaf pods: node id → its launch, for retries of the pod and output collection. */
  readonly pods: Map<
    string,
    { readonly frame: Frame; readonly hooks: LeafHooks; readonly killGraceMs?: number }
  >;
  /** Pods waiting for workflow-level parallelism. */
  readonly podQueue: WorkflowCommand[];
  runningPods: number;
  readonly timers: Map<string, Timer>;
  /** Nodes whose step declared an exit hook (`onExit` or `hooks.exit`) that has not run yet. */
  readonly exitHooks: Map<
    string,
    { readonly hook: import('../spec/types.js').LifecycleHook; readonly ownerId?: string }
  >;
  /** Suspend nodes waiting for resume or their duration. */
  readonly suspended: Map<string, Frame>;
  /** Daemoned nodes by the steps/DAG node whose end kills them ('' at the top), see templates/daemon.ts. */
  readonly daemons: Map<string, Set<string>>;
  /** Nodes with lifecycle hooks that have expressions, see lifecycle-hooks.ts. */
  readonly lifecycleHooks: Map<string, HookedNode>;
  /** Hooked nodes whose phase changed in this advance: their expressions are checked before it ends. */
  readonly hookChecks: Set<string>;
  /** HTTP and data nodes waiting for the engine's answer. */
  readonly engineWork: Map<string, Frame>;
  /** Pods the reducer asked to kill, with the phase and message their node gets when they exit. */
  readonly killReasons: Map<string, { readonly phase: 'Failed' | 'Error'; readonly message: string }>;
  /** Node ids whose status changed since the engine last took them (persist these). */
  readonly changed: Set<string>;
  /** Locks (mutexes, semaphores) and memoization: see sync/gate.ts. */
  readonly sync: import('./sync/sync-state.js').SyncState;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Main entry's phase, kept while the exit handler runs. */
  mainPhase?: 'Succeeded' | 'Failed' | 'Error';
  mainMessage?: string;
  stopping?: 'stop' | 'terminate';
  /** `spec.suspend: true`: Running, but nothing starts until a resume without a node filter. */
  workflowSuspended?: boolean;
  /** Set by stop/terminate: no new children start (cleared for the workflow's exit handler). */
  blockLaunches?: boolean;
  exitHandlerStarted: boolean;
  /** The workflow's exit handler node, once started. */
  exitNodeId?: string;
  deadlineExceeded?: boolean;
  succeededPods: number;
  totalPods: number;
}

export interface LeafHooks {
  readonly timeoutTimer?: string;
}

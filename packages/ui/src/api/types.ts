/** The parts of Argo's objects the UI reads (argo-server's JSON shapes, field names verbatim). */

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly generateName?: string;
}

export interface Parameter {
  readonly name: string;
  readonly value?: string;
  readonly default?: string;
  readonly enum?: readonly string[];
  readonly description?: string;
}

export interface Artifact {
  readonly name: string;
  readonly path?: string;
}

export interface Inputs {
  readonly parameters?: readonly Parameter[];
  readonly artifacts?: readonly Artifact[];
}

export interface Outputs extends Inputs {
  readonly result?: string;
  readonly exitCode?: string;
}

export interface DagTask {
  readonly name: string;
  readonly template?: string;
  readonly templateRef?: { readonly name: string; readonly template: string };
  readonly dependencies?: readonly string[];
  readonly depends?: string;
  readonly withItems?: readonly unknown[];
  readonly withParam?: string;
}

export interface Template {
  readonly name: string;
  readonly inputs?: Inputs;
  readonly dag?: { readonly tasks: readonly DagTask[] };
  readonly steps?: readonly (readonly DagTask[])[];
  readonly container?: unknown;
  readonly script?: unknown;
  readonly suspend?: unknown;
}

export interface WorkflowSpec {
  readonly entrypoint?: string;
  readonly arguments?: { readonly parameters?: readonly Parameter[] };
  readonly templates?: readonly Template[];
  readonly workflowTemplateRef?: { readonly name: string; readonly clusterScope?: boolean };
}

export interface NodeStatus {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly type: string;
  readonly templateName?: string;
  readonly phase?: string;
  readonly boundaryID?: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly children?: readonly string[];
  readonly outboundNodes?: readonly string[];
  readonly inputs?: Inputs;
  readonly outputs?: Outputs;
  readonly progress?: string;
}

export interface WorkflowStatus {
  readonly phase?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly message?: string;
  readonly progress?: string;
  readonly nodes?: Readonly<Record<string, NodeStatus>>;
  readonly storedTemplates?: Readonly<Record<string, Template>>;
}

export interface Workflow {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec: WorkflowSpec;
  readonly status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec: WorkflowSpec;
}

export interface CronWorkflow {
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly schedule?: string;
    readonly schedules?: readonly string[];
    readonly suspend?: boolean;
    readonly timezone?: string;
    readonly workflowSpec: WorkflowSpec;
  };
  readonly status?: {
    readonly lastScheduledTime?: string;
    readonly nextScheduledRunTime?: string;
  };
}

export interface ListResult<T> {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items?: readonly T[] | null;
}

/** weft's per-template build history entry (GET …/runs). */
export interface RunSummary {
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly runNumber?: number;
  readonly phase: string;
  readonly creationTimestamp: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly duration?: number;
  readonly progress?: string;
  readonly message?: string;
}

export const Labels = {
  workflowTemplate: 'workflows.argoproj.io/workflow-template',
  clusterWorkflowTemplate: 'workflows.argoproj.io/cluster-workflow-template',
  cronWorkflow: 'workflows.argoproj.io/cron-workflow',
  resubmittedFrom: 'workflows.argoproj.io/resubmitted-from-workflow',
  phase: 'workflows.argoproj.io/phase',
  creator: 'workflows.argoproj.io/creator',
  folder: 'weft.dev/folder',
} as const;

export const runNumberAnnotation = 'weft.dev/run-number';

/** Building a run's initial state from the submitted objects: pure, with name, uid and time passed in. */
import type { Issue } from '../issues/issue.js';
import { issue } from '../issues/issue.js';
import type { ConfigMap, Template, Workflow, WorkflowSpec, WorkflowTemplate } from '../spec/types.js';
import { isoSeconds } from './format.js';
import { ResolveError, valueOfParameter } from './resolve.js';
import type { TemplateLibrary, WorkflowState } from './state.js';
import type { LockManager } from './sync/lock-manager.js';
import { createSyncState } from './sync/sync-state.js';

export interface CreateStateInput {
  readonly workflow: Workflow;
  readonly templates: readonly WorkflowTemplate[];
  readonly configMaps: readonly ConfigMap[];
  readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  readonly entrypoint?: string;
  /** The name to use when the workflow has only `generateName` (the caller draws the suffix). */
  readonly generatedName: string;
  readonly uid: string;
  readonly now: number;
  /** The lock manager shared by the workflows of one process (a fresh one when absent). */
  readonly lockManager?: LockManager;
}

export function createWorkflowState(input: CreateStateInput): { state?: WorkflowState; issues: Issue[] } {
  const issues: Issue[] = [];
  const workflow = stampMetadata(input);
  const spec = effectiveSpec(input, issues);
  if (!spec) return { issues };
  if (input.entrypoint) spec.entrypoint = input.entrypoint;
  if (!spec.entrypoint) issues.push(issue('missing-entrypoint', 'spec.entrypoint', 'no entrypoint given'));
  const globalParameters = resolveGlobalParameters(spec, input, issues);
  if (issues.length) return { issues };
  const state: WorkflowState = {
    workflow,
    spec,
    library: buildLibrary(spec, input.templates),
    configMaps: input.configMaps,
    globalParameters,
    globalOutputs: { parameters: new Map(), artifacts: new Map() },
    nodes: new Map(),
    owners: new Map(),
    scopes: new Map(),
    pods: new Map(),
    podQueue: [],
    runningPods: 0,
    timers: new Map(),
    killReasons: new Map(),
    exitHooks: new Map(),
    suspended: new Map(),
    daemons: new Map(),
    lifecycleHooks: new Map(),
    hookChecks: new Set(),
    engineWork: new Map(),
    changed: new Set(),
    sync: createSyncState(input.lockManager),
    phase: 'Pending',
    exitHandlerStarted: false,
    succeededPods: 0,
    totalPods: 0,
  };
  return { state, issues };
}

function stampMetadata(input: CreateStateInput): Workflow {
  const meta = input.workflow.metadata ?? {};
  return {
    ...input.workflow,
    metadata: {
      ...meta,
      name: meta.name ?? input.generatedName,
      namespace: meta.namespace ?? 'default',
      uid: input.uid,
      creationTimestamp: isoSeconds(input.now),
    },
  };
}

/** Merges `spec.workflowTemplateRef`: the workflow's own fields win; arguments merge by name. */
function effectiveSpec(input: CreateStateInput, issues: Issue[]): WorkflowSpec | undefined {
  const own = input.workflow.spec ?? {};
  const ref = own.workflowTemplateRef;
  if (!ref) return { ...own };
  const kind = ref.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const found = input.templates.find((t) => t.kind === kind && t.metadata.name === ref.name);
  if (!found) {
    issues.push(
      issue('unknown-workflow-template', 'spec.workflowTemplateRef.name', `${kind} "${ref.name}" not found`),
    );
    return undefined;
  }
  const { workflowTemplateRef: _ref, ...rest } = own;
  const base = found.spec;
  const parameters = [...(base.arguments?.parameters ?? [])];
  for (const p of own.arguments?.parameters ?? []) {
    const index = parameters.findIndex((q) => q.name === p.name);
    if (index >= 0) parameters[index] = { ...parameters[index], ...p };
    else parameters.push(p);
  }
  return {
    ...base,
    ...rest,
    templates: base.templates,
    arguments: { ...base.arguments, ...own.arguments, parameters },
  };
}

function resolveGlobalParameters(
  spec: WorkflowSpec,
  input: CreateStateInput,
  issues: Issue[],
): Map<string, string> {
  const values = new Map<string, string>();
  const declared = spec.arguments?.parameters ?? [];
  for (const override of input.parameters ?? []) {
    if (!declared.some((p) => p.name === override.name)) {
      issues.push(
        issue(
          'unknown-parameter',
          `-p ${override.name}`,
          `unknown parameter "${override.name}": spec.arguments.parameters has no such name`,
        ),
      );
    }
  }
  declared.forEach((p, index) => {
    const override = [...(input.parameters ?? [])].reverse().find((o) => o.name === p.name);
    try {
      const value = override?.value ?? valueOfParameter(p, input.configMaps);
      if (value === undefined) {
        issues.push(
          issue(
            'missing-parameter',
            `spec.arguments.parameters[${index}]`,
            `parameter "${p.name}" has no value`,
          ),
        );
        return;
      }
      if (p.enum && !p.enum.map(String).includes(value)) {
        issues.push(
          issue(
            'enum',
            `spec.arguments.parameters[${index}]`,
            `value "${value}" of "${p.name}" is not one of [${p.enum.join(', ')}]`,
          ),
        );
      }
      values.set(p.name, value);
    } catch (error) {
      if (!(error instanceof ResolveError)) throw error;
      issues.push(issue('configmap', `spec.arguments.parameters[${index}].valueFrom`, error.message));
    }
  });
  return values;
}

function buildLibrary(spec: WorkflowSpec, templates: readonly WorkflowTemplate[]): TemplateLibrary {
  const byName = (list: readonly Template[] | undefined) => new Map((list ?? []).map((t) => [t.name, t]));
  const namespaced = new Map<string, Map<string, Template>>();
  const cluster = new Map<string, Map<string, Template>>();
  for (const t of templates) {
    const pool = t.kind === 'ClusterWorkflowTemplate' ? cluster : namespaced;
    pool.set(t.metadata.name ?? '', byName(t.spec.templates));
  }
  return { local: byName(spec.templates), namespaced, cluster, defaults: spec.templateDefaults };
}

/**
 * What a `{{…}}` reference can see at one place in a spec: the template's inputs and outputs,
 * the steps or tasks around it, the loop item and the workflow-wide variables.
 */
import type { Invocation, Template } from '../spec/types.js';

/** Outputs of a step or task that others may read, or `undefined` when its template is not known here. */
export interface NodeOutputs {
  readonly result: boolean;
  readonly ip: boolean;
  readonly aggregate: boolean;
  readonly parameters: ReadonlySet<string>;
  readonly artifacts: ReadonlySet<string>;
}

export interface NodeRef {
  readonly outputs: NodeOutputs | undefined;
  /** Whether `.status` may be read (earlier steps, DAG ancestors). */
  readonly status: boolean;
}

export interface NodeScope {
  readonly kind: 'steps' | 'tasks';
  readonly visible: ReadonlyMap<string, NodeRef>;
  /** Names that exist but may not be read here, with the reason. */
  readonly hidden: ReadonlyMap<string, string>;
}

export interface ItemScope {
  /** withParam / withSequence: any field may be read. */
  readonly anyField: boolean;
  readonly fields: ReadonlySet<string>;
}

export interface GlobalScope {
  readonly parameters: ReadonlySet<string>;
  /** A WorkflowTemplate may read parameters that the submitting Workflow supplies. */
  readonly anyParameter: boolean;
  readonly labels: ReadonlySet<string>;
  readonly annotations: ReadonlySet<string>;
  readonly outputParameters: ReadonlySet<string>;
  readonly anyOutputParameter: boolean;
  readonly outputArtifacts: ReadonlySet<string>;
  readonly anyOutputArtifact: boolean;
  readonly failures: boolean;
  readonly priority: boolean;
}

export interface Scope {
  readonly templateName: string;
  readonly inputParameters: ReadonlySet<string>;
  readonly inputArtifacts: ReadonlySet<string>;
  readonly outputParameters: ReadonlySet<string>;
  readonly outputArtifacts: ReadonlySet<string>;
  readonly leaf: boolean;
  readonly pod: boolean;
  readonly nodes?: NodeScope;
  readonly item?: ItemScope;
  readonly global: GlobalScope;
}

const LEAF_TYPES = ['container', 'containerSet', 'script', 'resource', 'data', 'http', 'plugin'] as const;
const POD_TYPES = ['container', 'containerSet', 'script', 'resource', 'data'] as const;

export function isLeaf(template: Template): boolean {
  return LEAF_TYPES.some((type) => template[type] != null);
}

function names(list: ReadonlyArray<{ name?: unknown }> | undefined): Set<string> {
  const found = new Set<string>();
  if (!Array.isArray(list)) return found;
  for (const entry of list) if (typeof entry?.name === 'string') found.add(entry.name);
  return found;
}

/** The scope of a template's own body. */
export function templateScope(template: Template, global: GlobalScope): Scope {
  return {
    templateName: String(template.name),
    inputParameters: names(template.inputs?.parameters),
    inputArtifacts: names(template.inputs?.artifacts),
    outputParameters: names(template.outputs?.parameters),
    outputArtifacts: names(template.outputs?.artifacts),
    leaf: isLeaf(template),
    pod: POD_TYPES.some((type) => template[type] != null),
    global,
  };
}

function hasMainOutput(template: Template): boolean {
  if (template.container || template.script || template.data || template.http || template.plugin) return true;
  const containers = template.containerSet?.containers;
  return Array.isArray(containers) && containers.some((c) => c?.name === 'main');
}

/** Whether an invocation loops (withItems, withParam or withSequence). */
export function isLoop(invocation: Invocation): boolean {
  return invocation.withItems != null || invocation.withParam != null || invocation.withSequence != null;
}

/** What other steps or tasks may read of a node that runs `template` (undefined: unknown template). */
export function nodeOutputs(template: Template | undefined, invocation: Invocation): NodeOutputs | undefined {
  if (!template) return undefined;
  return {
    result: hasMainOutput(template),
    ip: template.daemon === true,
    aggregate: isLoop(invocation),
    parameters: names(template.outputs?.parameters),
    artifacts: names(template.outputs?.artifacts),
  };
}

/** The loop item a step or task sees, or undefined when it does not loop. */
export function itemScope(invocation: Invocation): ItemScope | undefined {
  if (invocation.withParam != null || invocation.withSequence != null)
    return { anyField: true, fields: new Set() };
  if (!Array.isArray(invocation.withItems)) return undefined;
  const fields = new Set<string>();
  for (const item of invocation.withItems) {
    if (Array.isArray(item)) for (let index = 0; index < item.length; index++) fields.add(`[${index}]`);
    else if (item !== null && typeof item === 'object') for (const key of Object.keys(item)) fields.add(key);
  }
  return { anyField: false, fields };
}

/** A global scope that knows nothing yet (filled in once the workflow's arguments are known). */
export function emptyGlobalScope(): GlobalScope {
  return {
    parameters: new Set(),
    anyParameter: false,
    labels: new Set(),
    annotations: new Set(),
    outputParameters: new Set(),
    anyOutputParameter: false,
    outputArtifacts: new Set(),
    anyOutputArtifact: false,
    failures: false,
    priority: false,
  };
}

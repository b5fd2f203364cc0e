/**
 * Whether a variable named in a `{{…}}` tag exists where it is used (Argo's docs/variables.md).
 * Each function returns why it does not resolve, or undefined when it does.
 */
import type { GlobalScope, NodeRef, Scope } from './scope.js';

/** Roots Argo checks; other names (`retries`, `node.name`, `lastRetry.*`, …) are left to run time. */
const CHECKED_ROOTS = new Set(['item', 'steps', 'inputs', 'outputs', 'pod', 'workflow', 'tasks']);

const ALWAYS_WORKFLOW = new Set([
  'name',
  'namespace',
  'uid',
  'mainEntrypoint',
  'serviceAccountName',
  'status',
  'labels',
  'labels.json',
  'annotations',
  'annotations.json',
]);
const RUNTIME_WORKFLOW_PREFIXES = ['creationTimestamp', 'scheduledTime', 'duration'];
const ALWAYS_NODE_FIELDS = new Set(['id', 'startedAt', 'finishedAt', 'hostNodeName']);

/**
 * Why `name` (the inside of a simple tag) does not resolve in `scope`, or undefined.
 *
 * @example
 * resolveVariable('inputs.parameters.x', scope) // 'template "main" has no input parameter "x"'
 */
export function resolveVariable(name: string, scope: Scope): string | undefined {
  const segments = name.split('.');
  const root = segments[0];
  if (!CHECKED_ROOTS.has(root)) return undefined;
  const rest = segments.slice(1);
  switch (root) {
    case 'item':
      return resolveItem(rest, scope);
    case 'inputs':
      return resolveInputs(rest, scope);
    case 'outputs':
      return resolveOutputs(rest, scope);
    case 'pod':
      return rest.join('.') === 'name' && scope.pod ? undefined : podProblem(rest, scope);
    case 'workflow':
      return resolveWorkflow(rest.join('.'), rest, scope.global);
    default:
      return resolveNode(root as 'steps' | 'tasks', rest, scope);
  }
}

function podProblem(rest: readonly string[], scope: Scope): string {
  if (rest.join('.') !== 'name') return `unknown variable "pod.${rest.join('.')}"`;
  return `pod.name is only available in templates that run a pod, not in template "${scope.templateName}"`;
}

function resolveItem(rest: readonly string[], scope: Scope): string | undefined {
  const item = scope.item;
  if (!item) return 'item is only available in a step or task with withItems, withParam or withSequence';
  if (rest.length === 0 || item.anyField || item.fields.has(rest[0])) return undefined;
  return `no item of withItems has a field "${rest[0]}"`;
}

function resolveInputs(rest: readonly string[], scope: Scope): string | undefined {
  const [kind, name, field] = rest;
  const template = `template "${scope.templateName}"`;
  if (kind === 'parameters') {
    if (name === undefined)
      return scope.inputParameters.size > 0 ? undefined : `${template} has no input parameters`;
    return scope.inputParameters.has(name) && field === undefined
      ? undefined
      : `${template} has no input parameter "${rest.slice(1).join('.')}"`;
  }
  if (kind === 'artifacts' && name !== undefined) {
    if (!scope.inputArtifacts.has(name)) return `${template} has no input artifact "${name}"`;
    if (field === undefined) return undefined;
    if (field === 'path' && rest.length === 3) {
      return scope.leaf
        ? undefined
        : `inputs.artifacts.${name}.path is only available in container/script templates`;
    }
  }
  return `unknown variable "inputs.${rest.join('.')}"`;
}

/** Argo accepts any `outputs.*` (metrics read their own outputs); only names of declared outputs are checked. */
function resolveOutputs(rest: readonly string[], scope: Scope): string | undefined {
  const [kind, name] = rest;
  if (name === undefined) return undefined;
  if (kind === 'parameters' && !scope.outputParameters.has(name)) {
    return `template "${scope.templateName}" has no output parameter "${name}"`;
  }
  if (kind === 'artifacts' && !scope.outputArtifacts.has(name)) {
    return `template "${scope.templateName}" has no output artifact "${name}"`;
  }
  return undefined;
}

function resolveWorkflow(path: string, rest: readonly string[], global: GlobalScope): string | undefined {
  if (ALWAYS_WORKFLOW.has(path)) return undefined;
  if (RUNTIME_WORKFLOW_PREFIXES.includes(rest[0]) && rest.length <= 2) return undefined;
  const [kind, name] = rest;
  const tail = rest.slice(1).join('.');
  switch (kind) {
    case 'parameters':
      if (global.anyParameter || global.parameters.has(tail)) return undefined;
      if ((name === undefined || path === 'parameters.json') && global.parameters.size > 0) return undefined;
      return `workflow has no parameter "${tail}" in spec.arguments.parameters`;
    case 'labels':
      return global.labels.has(tail) ? undefined : `workflow has no label "${tail}"`;
    case 'annotations':
      return global.annotations.has(tail) ? undefined : `workflow has no annotation "${tail}"`;
    case 'priority':
      return global.priority ? undefined : 'workflow.priority needs spec.priority';
    case 'failures':
      return global.failures
        ? undefined
        : 'workflow.failures is only available when the workflow has an onExit handler';
    case 'outputs':
      return resolveGlobalOutput(rest.slice(1), global);
    default:
      return `unknown variable "workflow.${path}"`;
  }
}

function resolveGlobalOutput(rest: readonly string[], global: GlobalScope): string | undefined {
  const [kind, name] = rest;
  if (kind === 'parameters' && name !== undefined) {
    if (global.anyOutputParameter || global.outputParameters.has(name)) return undefined;
    return `no output parameter has globalName "${name}"`;
  }
  if (kind === 'artifacts' && name !== undefined) {
    if (global.anyOutputArtifact || global.outputArtifacts.has(name)) return undefined;
    return `no output artifact has globalName "${name}"`;
  }
  return `unknown variable "workflow.outputs.${rest.join('.')}"`;
}

function resolveNode(kind: 'steps' | 'tasks', rest: readonly string[], scope: Scope): string | undefined {
  const [name] = rest;
  if (name === 'name' && rest.length === 1) return undefined;
  const noun = kind === 'steps' ? 'step' : 'task';
  if (scope.nodes?.kind !== kind) {
    return `${kind}.${name ?? ''} can only be used inside a ${kind === 'steps' ? 'steps' : 'dag'} template`;
  }
  const ref = scope.nodes.visible.get(name);
  if (!ref) {
    const hidden = scope.nodes.hidden.get(name);
    return hidden ?? `no ${noun} named "${name}" in template "${scope.templateName}"`;
  }
  return resolveNodeField(`${noun} "${name}"`, rest.slice(1), ref);
}

function resolveNodeField(what: string, field: readonly string[], ref: NodeRef): string | undefined {
  const path = field.join('.');
  if (field.length === 0 || ALWAYS_NODE_FIELDS.has(path)) return undefined;
  if (path === 'status')
    return ref.status ? undefined : `${what}.status is only available to tasks that depend on it`;
  const outputs = ref.outputs;
  if (outputs === undefined) return undefined;
  const [group, kind, name] = field;
  if (path === 'ip') return outputs.ip ? undefined : `${what} is not a daemon, so it has no ip`;
  if (path === 'exitCode' || path === 'outputs.result') {
    return outputs.result
      ? undefined
      : `${what} runs a template with no result (only container, script, http… have one)`;
  }
  if (group === 'outputs' && kind === 'parameters' && name === undefined) {
    return outputs.aggregate ? undefined : `${what}.outputs.parameters (all) is only available for loops`;
  }
  if (group === 'outputs' && kind === 'parameters' && field.length === 3) {
    return outputs.parameters.has(name) ? undefined : `${what} has no output parameter "${name}"`;
  }
  if (group === 'outputs' && kind === 'artifacts' && field.length === 3) {
    return outputs.artifacts.has(name) ? undefined : `${what} has no output artifact "${name}"`;
  }
  return `unknown field "${path}" of ${what}`;
}

/**
 * Why a variable an expression reads does not resolve, checked as far as is practical: names of inputs,
 * steps, tasks, workflow parameters and the loop item; deeper member chains are left to run time.
 */
export function resolveExpressionReference(reference: string, scope: Scope): string | undefined {
  const segments = reference.split('.');
  const [root, second] = segments;
  if (root === 'item') return scope.item ? undefined : resolveItem([], scope);
  if (root === 'inputs' && (second === 'parameters' || second === 'artifacts') && segments.length >= 3) {
    return resolveVariable(segments.slice(0, 3).join('.'), scope);
  }
  if (root === 'workflow' && second === 'parameters' && segments.length >= 3) {
    return resolveVariable(segments.slice(0, 3).join('.'), scope);
  }
  if ((root === 'steps' || root === 'tasks') && segments.length >= 2) {
    return resolveVariable(segments.slice(0, expressionDepth(segments)).join('.'), scope);
  }
  return undefined;
}

/** How much of `steps.X.…` to check: `.outputs.result`, `.outputs.parameters.P`, else only the name. */
function expressionDepth(segments: readonly string[]): number {
  if (segments[2] !== 'outputs') return Math.min(segments.length, 3);
  if (segments[3] === 'result') return 4;
  return segments.length >= 5 ? 5 : 2;
}

/**
 * The variables a template sees (Argo's docs/variables.md), looked up lazily so that a scope with
 * 10,000 siblings costs O(1) per reference, never O(siblings).
 */
import type { NodeStatus } from '../spec/types.js';
import { aggregateParameters, aggregateResults, itemField, itemString, strftimeField } from './format.js';
import type { ArtifactRef, Frame, WorkflowState } from './state.js';
import type { VariableSource } from './substitute.js';

/** Siblings visible as `steps.X` or `tasks.X`. */
export interface Siblings {
  readonly kind: 'steps' | 'tasks';
  /** Node ids of sibling X (several for a loop), and whether X is a loop (aggregated outputs). */
  resolve(
    name: string,
  ): { readonly ids: readonly string[]; readonly loop: boolean; readonly groupId?: string } | undefined;
}

export interface VariableScope {
  readonly state: WorkflowState;
  readonly frame?: Frame;
  readonly siblings?: Siblings;
  readonly item?: { readonly value: unknown };
  /** pod.name, node.name, retries and similar per-node values. */
  readonly extra?: Readonly<Record<string, string>>;
}

export function variablesFor(scope: VariableScope): VariableSource {
  let env: Record<string, unknown> | undefined;
  return {
    lookup: (name) => lookupVariable(scope, name),
    exprEnv: () => {
      env ??= expressionEnv(scope);
      return env;
    },
    knows: (reference) => knowsReference(scope, reference),
  };
}

function lookupVariable(scope: VariableScope, name: string): string | undefined {
  const segments = name.split('.');
  const root = segments[0];
  if (root === 'item' && scope.item) return itemLookup(scope.item.value, segments.slice(1));
  if (root === 'workflow') return workflowVariable(scope.state, segments.slice(1));
  if (root === 'inputs' && scope.frame) return inputVariable(scope.frame, segments.slice(1));
  if (root === 'outputs' && scope.frame) return outputPathVariable(scope.frame, segments.slice(1));
  if ((root === 'steps' || root === 'tasks') && scope.siblings?.kind === root) {
    return siblingVariable(scope, segments.slice(1));
  }
  return scope.extra?.[name];
}

function itemLookup(value: unknown, path: readonly string[]): string | undefined {
  if (path.length === 0) return itemString(value);
  const field = itemField(value, path);
  return field === undefined ? undefined : itemString(field);
}

function inputVariable(frame: Frame, rest: readonly string[]): string | undefined {
  const [kind, name, field] = rest;
  if (kind === 'parameters') {
    if (name === undefined) return JSON.stringify(frame.inputs.parameterList);
    return rest.length === 2 ? frame.inputs.parameters[name] : undefined;
  }
  if (kind === 'artifacts' && name !== undefined) {
    const artifact = frame.inputs.artifacts[name];
    if (!artifact) return undefined;
    if (field === 'path') return artifact.path;
    return undefined;
  }
  return undefined;
}

function outputPathVariable(frame: Frame, rest: readonly string[]): string | undefined {
  const [kind, name, field] = rest;
  if (field !== 'path') return undefined;
  const outputs = frame.template.outputs;
  if (kind === 'parameters') return outputs?.parameters?.find((p) => p.name === name)?.valueFrom?.path;
  if (kind === 'artifacts') return outputs?.artifacts?.find((a) => a.name === name)?.path;
  return undefined;
}

export function workflowVariable(state: WorkflowState, rest: readonly string[]): string | undefined {
  const meta = state.workflow.metadata;
  const [field, name, ...more] = rest;
  switch (field) {
    case 'name':
      return rest.length === 1 ? meta.name : undefined;
    case 'namespace':
      return meta.namespace ?? 'default';
    case 'uid':
      return meta.uid;
    case 'serviceAccountName':
      return state.spec.serviceAccountName ?? 'default';
    case 'mainEntrypoint':
      return state.spec.entrypoint;
    case 'priority':
      return String(state.spec.priority ?? 0);
    case 'parameters':
      if (name === undefined) return JSON.stringify(parameterList(state.globalParameters));
      return more.length === 0 ? state.globalParameters.get(name) : undefined;
    case 'labels':
      return name === undefined ? JSON.stringify(meta.labels ?? {}) : meta.labels?.[name];
    case 'annotations':
      return name === undefined ? JSON.stringify(meta.annotations ?? {}) : meta.annotations?.[name];
    case 'creationTimestamp':
      return creationTimestamp(state, name);
    case 'status':
      return state.mainPhase ?? state.phase;
    case 'duration':
      return workflowDuration(state);
    case 'failures':
      return JSON.stringify(workflowFailures(state));
    case 'outputs':
      if (name === 'parameters' && more.length === 1) return state.globalOutputs.parameters.get(more[0]);
      return undefined;
    default:
      return undefined;
  }
}

function parameterList(map: ReadonlyMap<string, string>): { name: string; value: string }[] {
  return [...map].map(([name, value]) => ({ name, value }));
}

function creationTimestamp(state: WorkflowState, field: string | undefined): string | undefined {
  const created = state.workflow.metadata.creationTimestamp;
  if (!created) return undefined;
  if (field === undefined) return created;
  if (field === 'RFC3339') return created;
  return strftimeField(Date.parse(created), field);
}

function workflowDuration(state: WorkflowState): string {
  const start = state.startedAt ? Date.parse(state.startedAt) : Number.NaN;
  const end = state.finishedAt ? Date.parse(state.finishedAt) : latestActivity(state);
  if (Number.isNaN(start)) return '0';
  return String(Math.max(0, (end - start) / 1000));
}

function latestActivity(state: WorkflowState): number {
  let latest = state.startedAt ? Date.parse(state.startedAt) : 0;
  for (const node of state.nodes.values()) {
    const at = node.finishedAt ? Date.parse(node.finishedAt) : 0;
    if (at > latest) latest = at;
  }
  return latest;
}

/** Argo's `workflow.failures`: every failed or errored Pod node. */
export function workflowFailures(state: WorkflowState): Record<string, string>[] {
  const failures: Record<string, string>[] = [];
  for (const node of state.nodes.values()) {
    if (node.type !== 'Pod' || (node.phase !== 'Failed' && node.phase !== 'Error')) continue;
    failures.push({
      displayName: node.displayName,
      message: node.message ?? '',
      templateName: node.templateName ?? '',
      phase: node.phase,
      podName: node.id,
      finishedAt: node.finishedAt ?? '',
    });
  }
  return failures;
}

function siblingVariable(scope: VariableScope, rest: readonly string[]): string | undefined {
  const [name, field, kind, key] = rest;
  if (name === undefined || field === undefined) return undefined;
  const found = scope.siblings?.resolve(name);
  if (!found || found.ids.length === 0) return undefined;
  const nodes = found.ids.map((id) => scope.state.nodes.get(id)).filter((n): n is NodeStatus => !!n);
  if (found.loop) return aggregateVariable(scope.state, nodes, found.groupId, rest.slice(1));
  const node = nodes[nodes.length - 1];
  return nodeVariable(node, field, kind, key, rest.length);
}

function nodeVariable(
  node: NodeStatus,
  field: string,
  kind: string | undefined,
  key: string | undefined,
  length: number,
): string | undefined {
  switch (field) {
    case 'id':
      return node.id;
    case 'ip':
      return '127.0.0.1';
    case 'status':
      return node.phase;
    case 'exitCode':
      return node.outputs?.exitCode;
    case 'startedAt':
      return node.startedAt;
    case 'finishedAt':
      return node.finishedAt;
    case 'hostNodeName':
      return node.hostNodeName ?? 'localhost';
    case 'outputs':
      return nodeOutputVariable(node, kind, key, length);
    default:
      return undefined;
  }
}

function nodeOutputVariable(node: NodeStatus, kind?: string, key?: string, length = 0): string | undefined {
  const outputs = node.outputs;
  if (kind === 'result') return outputs?.result;
  if (kind === 'exitCode') return outputs?.exitCode;
  if (kind === 'parameters') {
    if (key === undefined) return JSON.stringify(outputs?.parameters ?? []);
    if (length !== 4) return undefined;
    const parameter = outputs?.parameters?.find((p) => p.name === key);
    return parameter?.value === undefined ? undefined : String(parameter.value);
  }
  return undefined;
}

function aggregateVariable(
  state: WorkflowState,
  nodes: readonly NodeStatus[],
  groupId: string | undefined,
  rest: readonly string[],
): string | undefined {
  const [field, kind, key] = rest;
  // As Argo's processAggregateNodeOutputs: only succeeded items contribute outputs.
  const succeeded = nodes.filter((n) => n.phase === 'Succeeded');
  if (field === 'outputs' && kind === 'result')
    return aggregateResults(succeeded.map((n) => n.outputs?.result));
  if (field === 'outputs' && kind === 'parameters' && key !== undefined) {
    return aggregateParameters(succeeded.map((n) => parameterValue(n, key)));
  }
  if (field === 'outputs' && kind === 'parameters') {
    return JSON.stringify(
      succeeded.map((n) => Object.fromEntries((n.outputs?.parameters ?? []).map((p) => [p.name, p.value]))),
    );
  }
  const group = groupId ? state.nodes.get(groupId) : undefined;
  if (field === 'status') return group?.phase ?? nodes[nodes.length - 1]?.phase;
  if (field === 'id') return group?.id;
  if (field === 'startedAt') return group?.startedAt;
  if (field === 'finishedAt') return group?.finishedAt;
  return undefined;
}

function parameterValue(node: NodeStatus, name: string): string | undefined {
  const value = node.outputs?.parameters?.find((p) => p.name === name)?.value;
  return value === undefined ? undefined : String(value);
}

const scopedRoots = new Set([
  'workflow',
  'inputs',
  'outputs',
  'item',
  'steps',
  'tasks',
  'pod',
  'node',
  'retries',
  'lastRetry',
]);

function knowsReference(scope: VariableScope, reference: string): boolean {
  const root = reference.split(/[.[]/)[0];
  if (!scopedRoots.has(root)) return true;
  switch (root) {
    case 'workflow':
      return true;
    case 'inputs':
    case 'outputs':
      return scope.frame !== undefined;
    case 'item':
      return scope.item !== undefined;
    case 'steps':
    case 'tasks':
      return scope.siblings?.kind === root;
    default:
      return scope.extra !== undefined && Object.keys(scope.extra).some((k) => k.split('.')[0] === root);
  }
}

function expressionEnv(scope: VariableScope): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  // Lazy: `workflow.failures` and `workflow.duration` cost O(nodes); most expressions never read them.
  let workflow: Record<string, unknown> | undefined;
  Object.defineProperty(env, 'workflow', {
    enumerable: true,
    configurable: true,
    get: () => {
      workflow ??= workflowEnv(scope.state);
      return workflow;
    },
  });
  if (scope.frame) env.inputs = inputsEnv(scope.frame);
  if (scope.item) env.item = scope.item.value;
  if (scope.siblings) env[scope.siblings.kind] = siblingsEnv(scope);
  for (const [key, value] of Object.entries(scope.extra ?? {})) setPath(env, key.split('.'), value);
  return env;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const segment of path.slice(0, -1)) {
    const next = current[segment];
    if (next === null || typeof next !== 'object') current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
}

function workflowEnv(state: WorkflowState): Record<string, unknown> {
  const meta = state.workflow.metadata;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    uid: meta.uid,
    parameters: Object.fromEntries(state.globalParameters),
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
    creationTimestamp: meta.creationTimestamp,
    status: state.mainPhase ?? state.phase,
    duration: workflowDuration(state),
    failures: JSON.stringify(workflowFailures(state)),
    mainEntrypoint: state.spec.entrypoint,
    serviceAccountName: state.spec.serviceAccountName ?? 'default',
    outputs: { parameters: Object.fromEntries(state.globalOutputs.parameters) },
  };
}

function inputsEnv(frame: Frame): Record<string, unknown> {
  const artifacts: Record<string, unknown> = {};
  for (const [name, artifact] of Object.entries(frame.inputs.artifacts))
    artifacts[name] = artifactEnv(artifact);
  return { parameters: { ...frame.inputs.parameters }, artifacts };
}

function artifactEnv(artifact: ArtifactRef): Record<string, unknown> {
  return { ...artifact };
}

/** `steps` / `tasks` for expressions: each sibling's view is built on first access and kept. */
function siblingsEnv(scope: VariableScope): Record<string, unknown> {
  const cache: Record<string, unknown> = {};
  const fill = (property: string | symbol): void => {
    if (typeof property !== 'string' || Object.hasOwn(cache, property)) return;
    const value = siblingEnv(scope, property);
    if (value !== undefined) cache[property] = value;
  };
  return new Proxy(cache, {
    get: (target, property) => {
      fill(property);
      return Reflect.get(target, property);
    },
    has: (target, property) => {
      fill(property);
      return Reflect.has(target, property);
    },
    getOwnPropertyDescriptor: (target, property) => {
      fill(property);
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
  });
}

function siblingEnv(scope: VariableScope, name: string): Record<string, unknown> | undefined {
  const found = scope.siblings?.resolve(name);
  if (!found || found.ids.length === 0) return undefined;
  const view = (field: string, ...more: string[]) => siblingVariable(scope, [name, field, ...more]);
  const parameters: Record<string, unknown> = {};
  const nodes = found.ids.map((id) => scope.state.nodes.get(id));
  const declared = nodes.flatMap((n) => n?.outputs?.parameters?.map((p) => p.name) ?? []);
  for (const parameterName of new Set(declared))
    parameters[parameterName] = view('outputs', 'parameters', parameterName);
  const artifacts: Record<string, unknown> = {};
  for (const node of nodes) for (const a of node?.outputs?.artifacts ?? []) artifacts[a.name] = a;
  return {
    id: view('id'),
    ip: '127.0.0.1',
    status: view('status'),
    exitCode: view('exitCode'),
    startedAt: view('startedAt'),
    finishedAt: view('finishedAt'),
    outputs: { result: view('outputs', 'result'), parameters, artifacts, exitCode: view('exitCode') },
  };
}

/** Resolves an artifact reference like `steps.gen.outputs.artifacts.out` or `inputs.artifacts.x`. */
export function lookupArtifact(scope: VariableScope, reference: string): ArtifactRef | undefined {
  const segments = reference.split('.');
  if (segments[0] === 'inputs' && segments[1] === 'artifacts' && scope.frame) {
    return scope.frame.inputs.artifacts[segments[2]];
  }
  if (segments[0] === 'workflow' && segments[1] === 'outputs' && segments[2] === 'artifacts') {
    return scope.state.globalOutputs.artifacts.get(segments[3]);
  }
  if (
    (segments[0] === 'steps' || segments[0] === 'tasks') &&
    segments[2] === 'outputs' &&
    segments[3] === 'artifacts'
  ) {
    const found = scope.siblings?.resolve(segments[1]);
    const id = found?.ids[found.ids.length - 1];
    const node = id ? scope.state.nodes.get(id) : undefined;
    return node?.outputs?.artifacts?.find((a) => a.name === segments[4]) as ArtifactRef | undefined;
  }
  return undefined;
}

/** Starting a template for a node: the one dispatch over template kinds. */

import type { NodeStatus, NodeType } from '../spec/types.js';
import { podName } from './ids.js';
import { registerLifecycleHooks } from './lifecycle-hooks.js';
import { addChild, createNode, type Exec, setPhase } from './nodes.js';
import { templateKind } from './resolve.js';
import type { Frame, LaunchSpec, ResolvedInputs } from './state.js';
import { SubstitutionError, substituteDeep, substituteString } from './substitute.js';
import { launchGated, mustPassGate } from './sync/gate.js';
import { startDag } from './templates/dag.js';
import { startData } from './templates/data.js';
import { startHttp } from './templates/http.js';
import { startPod } from './templates/pod.js';
import { startRetry } from './templates/retry.js';
import { effectiveRetryStrategy, retryVariables } from './templates/retry-flow.js';
import { startSteps } from './templates/steps.js';
import { startSuspend } from './templates/suspend.js';
import { variablesFor } from './variables.js';

export const nodeTypes: Record<string, NodeType> = {
  container: 'Pod',
  script: 'Pod',
  containerSet: 'Pod',
  steps: 'Steps',
  dag: 'DAG',
  suspend: 'Suspend',
  http: 'HTTP',
  data: 'Pod',
};

/** Creates the node for `spec` and starts it; returns the node id. `ownerId` hears when it is fulfilled. */
export function launch(ex: Exec, spec: LaunchSpec, ownerId: string | undefined): string {
  if (mustPassGate(ex, spec)) return launchGated(ex, spec, ownerId);
  if (spec.retryAttempt === undefined && effectiveRetryStrategy(ex.state, spec.template))
    return startRetry(ex, spec, ownerId);
  const kind = templateKind(spec.template);
  const node = createLaunchNode(ex, spec, nodeTypes[kind] ?? 'Pod', ownerId);
  const frame = makeFrame(ex, spec, node.id);
  if (!frame) return node.id;
  switch (kind) {
    case 'container':
    case 'script':
    case 'containerSet':
      startPod(ex, frame, node.id);
      break;
    case 'steps':
      startSteps(ex, frame, node.id);
      break;
    case 'dag':
      startDag(ex, frame, node.id);
      break;
    case 'suspend':
      startSuspend(ex, frame, node.id);
      break;
    case 'http':
      startHttp(ex, frame, node.id);
      break;
    case 'data':
      startData(ex, frame, node.id);
      break;
    default:
      setPhase(ex, node.id, 'Error', `${kind} templates are not supported by weft yet`);
  }
  return node.id;
}

/** The node a launch creates (its own, or the Retry node wrapping the attempts), linked under its parents. */
export function createLaunchNode(
  ex: Exec,
  spec: LaunchSpec,
  type: NodeType,
  ownerId: string | undefined,
): NodeStatus {
  const node = createNode(ex, {
    name: spec.name,
    displayName: spec.displayName,
    type,
    templateName: spec.templateRef ? undefined : spec.template.name,
    templateRef: spec.templateRef,
    home: spec.home,
    boundaryId: spec.boundaryId || undefined,
    ownerId,
    inputs: spec.inputs.parameterList,
    artifacts: Object.values(spec.inputs.artifacts).map(({ name, path }) => ({ name, path })),
  });
  for (const parentId of spec.parentIds) addChild(ex, parentId, node.id);
  registerExitHook(ex, spec, node.id, ownerId);
  registerLifecycleHooks(ex, spec, node.id, ownerId);
  return node;
}

/** A step's `onExit` or `hooks.exit` runs when its node is fulfilled (see complete.ts). */
export function registerExitHook(
  ex: Exec,
  spec: LaunchSpec,
  nodeId: string,
  ownerId: string | undefined,
): void {
  if (spec.retryAttempt !== undefined && effectiveRetryStrategy(ex.state, spec.template)) return;
  const step = spec.step;
  const hook = step?.hooks?.exit ?? (step?.onExit ? { template: step.onExit } : undefined);
  if (hook) ex.state.exitHooks.set(nodeId, { hook, ownerId });
}

/** Input values (and artifact keys) may themselves hold workflow-level tags, e.g. `{{=… workflow.parameters.x …}}`. */
function globalSubstitutedInputs(ex: Exec, spec: LaunchSpec): ResolvedInputs {
  const vars = variablesFor({ state: ex.state });
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.inputs.parameters))
    parameters[name] = substituteString(value, vars);
  const parameterList = spec.inputs.parameterList.map((p) => ({
    ...p,
    value: parameters[p.name] ?? p.value,
  }));
  const artifacts = substituteDeep(spec.inputs.artifacts, vars);
  return { parameters, parameterList, artifacts };
}

/** Substitutes the template with its inputs and per-node variables; an expression error makes the node Error. */
export function makeFrame(ex: Exec, spec: LaunchSpec, nodeId: string): Frame | undefined {
  const workflowName = ex.state.workflow.metadata.name ?? '';
  const base: Frame = {
    template: spec.template,
    home: spec.home,
    inputs: spec.inputs,
    nodeId,
    nodeName: spec.name,
    retries: spec.retryAttempt,
  };
  const extra: Record<string, string> = {
    'pod.name': podName(workflowName, spec.template.name, spec.name),
    'node.name': spec.name,
  };
  if (spec.retryAttempt !== undefined) Object.assign(extra, retryVariables(ex, spec));
  try {
    const inputs = globalSubstitutedInputs(ex, spec);
    const frame = { ...base, inputs };
    const template = substituteDeep(spec.template, variablesFor({ state: ex.state, frame, extra }));
    return { ...frame, template };
  } catch (error) {
    if (!(error instanceof SubstitutionError)) throw error;
    setPhase(ex, nodeId, 'Error', error.message);
    return undefined;
  }
}

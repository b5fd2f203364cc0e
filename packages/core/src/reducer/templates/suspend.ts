/**
 * `suspend` templates: Running until resumed, or until `duration` has passed.
 *
 * Output parameters with `valueFrom.supplied` are shown on the node while it waits (as Argo does),
 * filled by `node set` (or values given with a resume), else by their default on resume — the
 * output's own `valueFrom.default`, or the default of the input parameter of the same name.
 */
import type { NodeStatus, Parameter, Template } from '../../spec/types.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import { publishGlobalOutputs } from '../outputs.js';
import type { Frame } from '../state.js';
import { setTimer } from '../timers.js';
import { durationSeconds } from './pod.js';

export function startSuspend(ex: Exec, frame: Frame, nodeId: string): void {
  markRunning(ex, nodeId);
  const supplied = suppliedOutputs(frame.template);
  if (supplied.length > 0) getNode(ex, nodeId).outputs = { parameters: supplied };
  ex.state.suspended.set(nodeId, frame);
  const seconds = durationSeconds(frame.template.suspend?.duration);
  if (seconds !== undefined) {
    setTimer(ex, {
      id: `suspend:${nodeId}`,
      at: ex.ctx.now + seconds * 1000,
      action: { kind: 'suspendExpired', nodeId },
    });
  }
}

/** The template's `supplied` output parameters, each defaulting to its input namesake's default. */
function suppliedOutputs(template: Template): Parameter[] {
  const out: Parameter[] = [];
  for (const p of template.outputs?.parameters ?? []) {
    if (!p.valueFrom?.supplied) continue;
    const inputDefault = template.inputs?.parameters?.find((i) => i.name === p.name)?.default;
    const fallback = p.valueFrom.default ?? (inputDefault === undefined ? undefined : String(inputDefault));
    out.push({
      name: p.name,
      valueFrom: { supplied: {}, ...(fallback === undefined ? {} : { default: fallback }) },
      ...(p.globalName ? { globalName: p.globalName } : {}),
    });
  }
  return out;
}

/** Why `name` cannot be set on this suspended node, or undefined when it can (Argo's `node set` rules). */
export function suppliedOutputProblem(node: NodeStatus, name: string): string | undefined {
  const parameters = node.outputs?.parameters;
  if (!parameters?.length)
    return `cannot set output parameters because node "${node.displayName}" is not expecting any supplied parameters`;
  const found = parameters.find((p) => p.name === name);
  if (!found) return `node "${node.displayName}" is not expecting output parameter '${name}'`;
  if (!found.valueFrom?.supplied)
    return `cannot set output parameter '${name}' because it does not use valueFrom.supplied or it was already set`;
  return undefined;
}

/** Sets a supplied output parameter's value (checked with suppliedOutputProblem first). */
export function setSuppliedOutput(ex: Exec, nodeId: string, name: string, value: string): void {
  const node = getNode(ex, nodeId);
  const parameters = node.outputs?.parameters ?? [];
  const at = parameters.findIndex((p) => p.name === name);
  if (at < 0) return;
  const { globalName } = parameters[at] as Parameter;
  parameters[at] = { name, value, ...(globalName ? { globalName } : {}) };
  ex.state.changed.add(nodeId);
}

/** The first supplied output with neither a value nor a default: Argo refuses to resume such a node. */
export function missingSuppliedOutput(node: NodeStatus): string | undefined {
  const missing = node.outputs?.parameters?.find(
    (p) => p.valueFrom?.supplied && p.valueFrom.default === undefined,
  );
  return missing
    ? `raw output parameter '${missing.name}' has not been set and does not have a default value`
    : undefined;
}

/** Resumes a suspended node: supplied outputs not set take their defaults; with none, the node errors. */
export function resumeSuspend(ex: Exec, nodeId: string): void {
  const frame = ex.state.suspended.get(nodeId);
  if (!frame) return;
  ex.state.suspended.delete(nodeId);
  ex.state.timers.delete(`suspend:${nodeId}`);
  const node = getNode(ex, nodeId);
  const missing = missingSuppliedOutput(node);
  if (missing) {
    setPhase(ex, nodeId, 'Error', missing);
    return;
  }
  const parameters = node.outputs?.parameters;
  if (parameters) {
    node.outputs = { parameters: parameters.map(withDefaultApplied) };
    publishGlobalOutputs(ex, frame.template.outputs, node.outputs);
  }
  setPhase(ex, nodeId, 'Succeeded');
}

function withDefaultApplied(p: Parameter): Parameter {
  if (!p.valueFrom?.supplied) return p;
  return { name: p.name, value: p.valueFrom.default, ...(p.globalName ? { globalName: p.globalName } : {}) };
}

/** `suspend` templates: Running until resumed, or until `duration` has passed. */
import type { Parameter } from '../../spec/types.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import { publishGlobalOutputs } from '../outputs.js';
import type { Frame } from '../state.js';
import { setTimer } from '../timers.js';
import { durationSeconds } from './pod.js';

export function startSuspend(ex: Exec, frame: Frame, nodeId: string): void {
  markRunning(ex, nodeId);
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

/** Resumes a suspended node; `values` supply its `supplied` output parameters (else their defaults). */
export function resumeSuspend(ex: Exec, nodeId: string, values: Readonly<Record<string, string>> = {}): void {
  const frame = ex.state.suspended.get(nodeId);
  if (!frame) return;
  ex.state.suspended.delete(nodeId);
  ex.state.timers.delete(`suspend:${nodeId}`);
  const node = getNode(ex, nodeId);
  const parameters: Parameter[] = [];
  for (const p of frame.template.outputs?.parameters ?? []) {
    const value =
      values[p.name] ?? (p.valueFrom?.default !== undefined ? String(p.valueFrom.default) : undefined);
    if (value === undefined) {
      setPhase(ex, nodeId, 'Failed', `output parameter "${p.name}" was not supplied on resume`);
      return;
    }
    parameters.push({ name: p.name, value, ...(p.globalName ? { globalName: p.globalName } : {}) });
  }
  if (parameters.length) node.outputs = { parameters };
  publishGlobalOutputs(ex, frame.template.outputs, node.outputs);
  setPhase(ex, nodeId, 'Succeeded');
}

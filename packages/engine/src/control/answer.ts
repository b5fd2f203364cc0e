/** Turns a control request into the reducer event that carries it out, or a refusal saying why. */
import {
  checkResume,
  checkSetOutputs,
  suspendedNodes,
  type WorkflowEvent,
  type WorkflowState,
} from '@weft/core';
import type { ControlReply, ControlRequest, RunStatusSummary } from './protocol.js';

export interface ControlAnswer {
  readonly reply: ControlReply;
  /** The event to dispatch when the request is accepted. */
  readonly event?: WorkflowEvent;
}

export function answerControlRequest(state: WorkflowState, request: ControlRequest): ControlAnswer {
  const name = state.workflow.metadata.name ?? '';
  if (request.action === 'status')
    return { reply: { ok: true, message: `${name} is ${state.phase}`, status: statusOf(state) } };
  if (state.phase !== 'Running' && state.phase !== 'Pending')
    return refuse(`workflow ${name} has already finished (${state.phase})`);
  switch (request.action) {
    case 'resume':
      return answerResume(state, request.node, request.values ?? {});
    case 'set':
      return answerSet(state, request.node, request.values);
    case 'stop':
    case 'terminate':
      return answerShutdown(state, request.action);
  }
}

function answerResume(
  state: WorkflowState,
  node: string | undefined,
  values: Readonly<Record<string, string>>,
): ControlAnswer {
  const problem = checkResume(state, node, values);
  if (problem) return refuse(problem);
  const nodes = suspendedNodes(state, node).map((n) => n.displayName);
  const lifted = node === undefined && state.workflowSuspended === true;
  if (nodes.length === 0 && !lifted) return refuse('nothing to resume: no node is suspended');
  const parts = [
    ...(lifted ? [`workflow ${state.workflow.metadata.name ?? ''}`] : []),
    ...nodes.map((n) => `node ${n}`),
  ];
  return {
    reply: { ok: true, message: `resumed ${parts.join(', ')}${describeValues(values)}` },
    event: { type: 'ResumeRequested', ...(node !== undefined ? { nodeFilter: node } : {}), values },
  };
}

function answerSet(
  state: WorkflowState,
  node: string | undefined,
  values: Readonly<Record<string, string>>,
): ControlAnswer {
  if (Object.keys(values).length === 0) return refuse('nothing to set: give at least one NAME=VALUE');
  const problem = checkSetOutputs(state, node, values);
  if (problem) return refuse(problem);
  const nodes = suspendedNodes(state, node).map((n) => n.displayName);
  return {
    reply: {
      ok: true,
      message: `set ${describeValues(values).slice(' with '.length)} on node ${nodes.join(', ')}`,
    },
    event: { type: 'NodeOutputsSet', ...(node !== undefined ? { nodeFilter: node } : {}), values },
  };
}

function answerShutdown(state: WorkflowState, mode: 'stop' | 'terminate'): ControlAnswer {
  const strategy = mode === 'stop' ? 'Stop' : 'Terminate';
  const name = state.workflow.metadata.name ?? '';
  if (state.stopping === 'terminate' || (state.stopping === 'stop' && mode === 'stop'))
    return { reply: { ok: true, message: `workflow ${name} is already shutting down (${state.stopping})` } };
  return {
    reply: {
      ok: true,
      message: `${mode === 'stop' ? 'stopping' : 'terminating'} workflow ${name} (strategy ${strategy})`,
    },
    event: { type: 'StopRequested', mode },
  };
}

function describeValues(values: Readonly<Record<string, string>>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return '';
  return ` with ${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`;
}

function refuse(error: string): ControlAnswer {
  return { reply: { ok: false, error } };
}

function statusOf(state: WorkflowState): RunStatusSummary {
  return {
    name: state.workflow.metadata.name ?? '',
    phase: state.phase,
    suspendedNodes: suspendedNodes(state).map((n) => n.displayName),
    workflowSuspended: state.workflowSuspended === true,
  };
}

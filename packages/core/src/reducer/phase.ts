import type { NodePhase, NodeStatus } from '../spec/types.js';

/**
 * Node phase transitions (Argo's node lifecycle):
 *
 *   Pending ──► Running ──► Succeeded | Failed | Error
 *      │           │
 *      └───────────┴──────► Skipped | Omitted | Failed | Error
 *
 * A fulfilled phase is final; `transition` rejects any move out of it.
 */
const allowed: Readonly<Record<NodePhase, readonly NodePhase[]>> = {
  Pending: ['Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'],
  Running: ['Succeeded', 'Failed', 'Error'],
  Succeeded: [],
  Failed: [],
  Error: [],
  Skipped: [],
  Omitted: [],
};

export class IllegalTransitionError extends Error {
  constructor(node: NodeStatus, to: NodePhase) {
    super(`invariant: node ${node.name} cannot move from ${node.phase} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function isFulfilled(phase: NodePhase): boolean {
  return phase !== 'Pending' && phase !== 'Running';
}

export function isFailedOrError(phase: NodePhase): boolean {
  return phase === 'Failed' || phase === 'Error';
}

/** Moves a node to a new phase, stamping its timestamps; throws on an illegal move (a bug, not user error). */
export function transition(node: NodeStatus, to: NodePhase, nowIso: string, message?: string): void {
  if (node.phase === to) {
    if (message !== undefined) node.message = message;
    return;
  }
  if (!allowed[node.phase].includes(to)) throw new IllegalTransitionError(node, to);
  node.phase = to;
  if (message !== undefined) node.message = message;
  if (to === 'Running' && !node.startedAt) node.startedAt = nowIso;
  if (isFulfilled(to)) {
    if (!node.startedAt) node.startedAt = nowIso;
    node.finishedAt = nowIso;
  }
}

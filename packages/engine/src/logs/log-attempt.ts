/** The LogAttempt of a StartStep command: who the step is (names from its node) and its containers. */
import type { NodeStatus, WorkflowCommand } from '@weft/core';
import type { ContainerRole, LogAttempt } from './log-store.js';

type StartStep = Extract<WorkflowCommand, { type: 'StartStep' }>;

export function logAttemptOf(command: StartStep, node: NodeStatus | undefined, startedAt: Date): LogAttempt {
  const mains = new Set(command.mainContainers.map((main) => main.name));
  const role = (name: string): ContainerRole => (mains.has(name) ? 'main' : 'sidecar');
  const containers = [
    ...(command.pod.spec.initContainers ?? []).map((c) => ({ name: c.name, role: 'init' as const })),
    ...command.pod.spec.containers.map((c) => ({ name: c.name, role: role(c.name) })),
  ];
  return {
    nodeId: command.nodeId,
    displayName: node?.displayName ?? command.nodeId,
    nodeName: node?.name ?? command.nodeId,
    podName: command.pod.metadata.name,
    ...(node?.templateName === undefined ? {} : { templateName: node.templateName }),
    containers,
    startedAt: startedAt.toISOString(),
  };
}

/**
 * `weft run --resume-after SECONDS[:NODE]` with `--set NODE:NAME=VALUE`: once NODE is suspended
 * (without NODE: once the workflow or any node is), wait SECONDS and resume it through the run's
 * control channel, exactly as `weft resume [--node NODE] [-p NAME=VALUE]` typed by a user would.
 */
import type { NodeStatus, Workflow } from '@weft/core';
import type { ControlReply, RunControl } from '@weft/engine';
import type { ScheduledResume, SuppliedValue } from '../control-args.js';

export interface ScheduledResumes {
  /** Feed every live workflow object to it. */
  onChange(workflow: Workflow): void;
  /** Clears timers not yet fired (the run ended). */
  cancel(): void;
}

export function scheduleResumes(
  plan: readonly ScheduledResume[],
  supplied: readonly SuppliedValue[],
  control: RunControl,
  note: (line: string) => void,
): ScheduledResumes {
  const waiting = new Set(plan);
  const timers = new Set<NodeJS.Timeout>();
  let latest: Workflow | undefined;
  const fire = (entry: ScheduledResume) => {
    if (latest)
      for (const line of resumeNow(entry, latest, supplied, control)) note(`--resume-after: ${line}`);
  };
  return {
    onChange(workflow) {
      latest = workflow;
      for (const entry of [...waiting]) {
        if (!isSuspended(workflow, entry.node)) continue;
        waiting.delete(entry);
        const timer = setTimeout(() => {
          timers.delete(timer);
          fire(entry);
        }, entry.seconds * 1000);
        timers.add(timer);
      }
    },
    cancel() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function resumeNow(
  entry: ScheduledResume,
  workflow: Workflow,
  supplied: readonly SuppliedValue[],
  control: RunControl,
): string[] {
  if (entry.node !== undefined) {
    const values = valuesFor(supplied, entry.node);
    return [describe(control.request({ action: 'resume', node: entry.node, values }))];
  }
  const lines: string[] = [];
  const suspendedNames = new Set(suspendedNodes(workflow).flatMap((n) => [n.displayName, n.name, n.id]));
  for (const node of new Set(supplied.map((v) => v.node))) {
    if (!suspendedNames.has(node)) continue;
    lines.push(describe(control.request({ action: 'set', node, values: valuesFor(supplied, node) })));
  }
  lines.push(describe(control.request({ action: 'resume' })));
  return lines;
}

function valuesFor(supplied: readonly SuppliedValue[], node: string): Record<string, string> {
  return Object.fromEntries(supplied.filter((v) => v.node === node).map((v) => [v.name, v.value]));
}

function describe(reply: ControlReply): string {
  return reply.ok ? reply.message : `refused: ${reply.error}`;
}

function suspendedNodes(workflow: Workflow): NodeStatus[] {
  return Object.values(workflow.status?.nodes ?? {}).filter(
    (n) => n.type === 'Suspend' && n.phase === 'Running',
  );
}

function isSuspended(workflow: Workflow, node: string | undefined): boolean {
  const nodes = suspendedNodes(workflow);
  if (node === undefined) return workflow.spec.suspend === true || nodes.length > 0;
  return nodes.some((n) => n.displayName === node || n.name === node || n.id === node);
}

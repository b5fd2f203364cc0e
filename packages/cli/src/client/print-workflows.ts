/** What the client prints for workflows: `argo get`'s tree, `argo list`'s table, names, JSON, YAML. Pure. */
import type { Workflow } from '@weft/core';
import { renderTree } from '../render/tree.js';
import type { ClientOutput } from './client-args.js';
import { age, formatDocument, formatTable, shortDuration } from './table.js';

/** One workflow in the chosen format (default and `wide`: the tree of `argo get`). */
export function formatWorkflow(
  workflow: Workflow,
  output: ClientOutput | undefined,
  now: Date,
  color = false,
): string {
  if (output === 'name') return `${workflow.metadata?.name ?? ''}\n`;
  if (output === 'json' || output === 'yaml') return formatDocument(workflow, output);
  return `${renderTree(workflow, now, { wide: output === 'wide', color }).join('\n')}\n`;
}

/** `argo list`: NAME STATUS AGE DURATION PRIORITY MESSAGE (`wide` adds P/R/C and PARAMETERS). */
export function formatWorkflowList(
  workflows: readonly Workflow[],
  output: ClientOutput | undefined,
  now: Date,
): string {
  if (output === 'json' || output === 'yaml') return formatDocument(workflows, output);
  if (output === 'name') return workflows.map((wf) => `${wf.metadata?.name ?? ''}\n`).join('');
  if (workflows.length === 0) return 'No workflows found\n';
  const wide = output === 'wide';
  const heading = [
    'NAME',
    'STATUS',
    'AGE',
    'DURATION',
    'PRIORITY',
    'MESSAGE',
    ...(wide ? ['P/R/C', 'PARAMETERS'] : []),
  ];
  const rows = workflows.map((wf) => [
    wf.metadata?.name ?? '',
    displayStatus(wf),
    age(wf.metadata?.creationTimestamp, now),
    durationOf(wf, now),
    String(wf.spec?.priority ?? 0),
    wf.status?.message ?? '',
    ...(wide ? [podCounts(wf), parameterSummary(wf)] : []),
  ]);
  return formatTable([heading, ...rows]);
}

/** argo's inferred status: a suspended running workflow and a terminated failed one say so. */
export function displayStatus(workflow: Workflow): string {
  const phase = workflow.status?.phase ?? '';
  if (phase === 'Running' && isSuspended(workflow)) return 'Running (Suspended)';
  if (phase === 'Failed' && workflow.spec?.shutdown) return 'Failed (Terminated)';
  if (phase === '') return workflow.metadata?.creationTimestamp ? 'Pending' : 'Unknown';
  return phase;
}

function isSuspended(workflow: Workflow): boolean {
  if (workflow.spec?.suspend === true) return true;
  return Object.values(workflow.status?.nodes ?? {}).some(
    (n) => n.type === 'Suspend' && n.phase === 'Running',
  );
}

/** Started to finished, or to now while running; empty before it started. */
export function durationOf(workflow: Workflow, now: Date): string {
  const started = Date.parse(workflow.status?.startedAt ?? '');
  if (Number.isNaN(started)) return '';
  const finished = Date.parse(workflow.status?.finishedAt ?? '');
  return shortDuration((Number.isNaN(finished) ? now.getTime() : finished) - started);
}

function podCounts(workflow: Workflow): string {
  let [pending, running, completed] = [0, 0, 0];
  for (const node of Object.values(workflow.status?.nodes ?? {})) {
    if (node.type !== 'Pod') continue;
    if (node.phase === 'Running') running++;
    else if (node.phase === 'Pending') pending++;
    else completed++;
  }
  return `${pending}/${running}/${completed}`;
}

function parameterSummary(workflow: Workflow): string {
  const parameters = workflow.spec?.arguments?.parameters ?? [];
  return parameters
    .filter((p) => p.value !== undefined)
    .map((p) => `${p.name}=${truncate(String(p.value), 50)}`)
    .join(',');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 18)}...${text.slice(-15)}`;
}

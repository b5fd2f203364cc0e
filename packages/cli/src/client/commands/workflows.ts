/** `weft list`, `get`, `watch`, `logs` against a server. */
import type { Workflow } from '@weft/core';
import { ExitCode } from '../../exit-codes.js';
import { collectPages } from '../api.js';
import type { ClientLogsArgs, GetArgs, ListArgs, WatchArgs } from '../client-types.js';
import { printLogs } from '../log-stream.js';
import { formatWorkflow, formatWorkflowList } from '../print-workflows.js';
import { type WaitContext, watchOne } from '../wait-for.js';

export const PHASE_LABEL = 'workflows.argoproj.io/phase';
export const TEMPLATE_LABEL = 'workflows.argoproj.io/workflow-template';

/**
 * The label selector sent for `weft list`: `-l`, `--template`, and `--status` as argo sends it
 * (`phase in (A,B)`; a single status as `phase=A`, which servers with equality selectors take too).
 */
export function listSelector(args: Pick<ListArgs, 'labels' | 'template' | 'statuses'>): string {
  const { statuses } = args;
  const phase =
    statuses.length === 1 ? `${PHASE_LABEL}=${statuses[0]}` : `${PHASE_LABEL} in (${statuses.join(',')})`;
  const clauses = [
    ...(args.labels ? [args.labels] : []),
    ...(args.template ? [`${TEMPLATE_LABEL}=${args.template}`] : []),
    ...(statuses.length > 0 ? [phase] : []),
  ];
  return clauses.join(',');
}

/** What argo's list filters on the client: `--since` (creation time). */
export function listFilter(args: Pick<ListArgs, 'sinceMs'>, now: Date): (wf: Workflow) => boolean {
  const after = args.sinceMs === undefined ? undefined : now.getTime() - args.sinceMs;
  return (wf) => {
    if (after === undefined) return true;
    const created = Date.parse(wf.metadata?.creationTimestamp ?? '');
    return !Number.isNaN(created) && created >= after;
  };
}

/** argo's order: running first, then the most recently finished, then the newest. */
export function compareForList(a: Workflow, b: Workflow): number {
  const running = (wf: Workflow) => (wf.status?.finishedAt ? 1 : 0);
  if (running(a) !== running(b)) return running(a) - running(b);
  const finished = (b.status?.finishedAt ?? '').localeCompare(a.status?.finishedAt ?? '');
  if (finished !== 0) return finished;
  return (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '');
}

export async function listCommand(args: ListArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const now = new Date();
  const namespace = args.connection.namespace;
  const labelSelector = listSelector(args);
  const limit = args.chunkSize || undefined;
  const workflows = await collectPages(
    (token) => api.listWorkflows(namespace, { labelSelector, limit, continue: token }),
    listFilter(args, now),
    args.limit,
  );
  io.stdout.write(formatWorkflowList([...workflows].sort(compareForList), args.output, now));
  return ExitCode.Ok;
}

export async function getCommand(args: GetArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const workflow = await api.getWorkflow(args.connection.namespace, args.name);
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(formatWorkflow(workflow, args.output, new Date(), color));
  return ExitCode.Ok;
}

export function watchCommand(args: WatchArgs, context: WaitContext): Promise<ExitCode> {
  return watchOne(context, args.name, undefined);
}

export async function logsCommand(args: ClientLogsArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const color = !args.noColor && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const options = {
    podName: args.podName,
    container: args.container,
    follow: args.follow,
    timestamps: args.timestamps,
    grep: args.grep,
    sinceSeconds: args.sinceSeconds,
    sinceTimeSeconds: args.sinceTime ? Math.floor(Date.parse(args.sinceTime) / 1000) : undefined,
    tailLines: args.tail,
  };
  await printLogs(api, args.connection.namespace, args.name, options, (t) => io.stdout.write(t), color);
  return ExitCode.Ok;
}

/**
 * After submit, retry or resubmit (and for `weft watch`): stream logs (`--log`), then block until the
 * workflows finish (`--wait`) or show them live (`--watch`), and choose the exit code by their phases.
 * Progress goes to stderr (a live tree on a terminal, a line per node change elsewhere); stdout keeps
 * only the result, so `-o json` stays one JSON document.
 */
import type { Workflow } from '@weft/core';
import { ExitCode, exitCodeForPhase } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { createLiveDisplay } from '../render/live.js';
import type { ArgoApi } from './api.js';
import type { ClientOutput } from './client-args.js';
import type { FollowFlags } from './client-types.js';
import { type FollowOptions, followWorkflow } from './follow-workflow.js';
import { printLogs } from './log-stream.js';
import { formatWorkflow } from './print-workflows.js';
import { formatDocument } from './table.js';

export interface WaitContext {
  readonly api: ArgoApi;
  readonly io: CliIo;
  readonly namespace: string;
  /** Test hook: reconnect backoff. */
  readonly follow?: Pick<FollowOptions, 'backoffMs'>;
}

/** Whether anything will be printed after the submission: then `-o json|yaml` waits for the final object. */
export function followsUp(flags: FollowFlags): boolean {
  return flags.wait || flags.watch;
}

export async function waitWatchOrLog(
  context: WaitContext,
  names: readonly string[],
  flags: FollowFlags,
  output: ClientOutput | undefined,
): Promise<ExitCode> {
  const { api, io, namespace } = context;
  if (flags.log) {
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    for (const name of names)
      await printLogs(api, namespace, name, { follow: true }, (t) => io.stdout.write(t), color);
  }
  if (flags.wait) return waitFor(context, names, output);
  if (flags.watch && names[0] !== undefined) return watchOne(context, names[0], output);
  return ExitCode.Ok;
}

/** Blocks until every workflow has finished; 1 when any Failed or Errored. */
async function waitFor(context: WaitContext, names: readonly string[], output: ClientOutput | undefined) {
  const { io } = context;
  const finals =
    names.length === 1
      ? [await followLive(context, names[0] as string, { erase: true })]
      : await Promise.all(names.map((name) => followQuietly(context, name)));
  if (output === 'json' || output === 'yaml')
    io.stdout.write(formatDocument(finals.length === 1 ? finals[0] : finals, output));
  else if (output !== 'name') for (const wf of finals) io.stdout.write(`${finalStatusLine(wf)}\n`);
  return finals.every((wf) => exitCodeForPhase(wf.status?.phase) === ExitCode.Ok)
    ? ExitCode.Ok
    : ExitCode.WorkflowFailed;
}

/** `--watch` and `weft watch`: the live tree while it runs, then the final one on stdout. */
export async function watchOne(
  context: WaitContext,
  name: string,
  output: ClientOutput | undefined,
): Promise<ExitCode> {
  const { io } = context;
  const treeOnStdout = output === undefined || output === 'wide';
  const erase = treeOnStdout && io.stdout.isTTY === true && io.stderr.isTTY === true;
  const final = await followLive(context, name, { erase });
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(formatWorkflow(final, output, new Date(), color));
  return exitCodeForPhase(final.status?.phase);
}

/** `NAME Phase at TIME`, as argo's wait prints it. */
export function finalStatusLine(workflow: Workflow): string {
  const status = workflow.status ?? {};
  return `${workflow.metadata?.name ?? ''} ${status.phase ?? 'Unknown'} at ${status.finishedAt ?? ''}`.trimEnd();
}

async function followLive(context: WaitContext, name: string, finish: { erase: boolean }): Promise<Workflow> {
  const { api, io, namespace } = context;
  const live = createLiveDisplay(io.stderr, { color: !io.env.NO_COLOR });
  let latest: Workflow | undefined;
  try {
    latest = await followWorkflow(api, namespace, name, {
      ...context.follow,
      onUpdate: (workflow) => {
        latest = workflow;
        live.update(workflow);
      },
      onReconnect: (reason) => live.message(`weft: reconnecting to watch ${name} (${reason})`),
    });
    return latest;
  } finally {
    if (latest) live.finish(latest, finish);
  }
}

async function followQuietly(context: WaitContext, name: string): Promise<Workflow> {
  const { api, io, namespace } = context;
  const final = await followWorkflow(api, namespace, name, {
    ...context.follow,
    onReconnect: (reason) => io.stderr.write(`weft: reconnecting to watch ${name} (${reason})\n`),
  });
  io.stderr.write(`${name} finished: ${final.status?.phase ?? 'Unknown'}\n`);
  return final;
}

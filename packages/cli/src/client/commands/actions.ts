/** `weft retry`, `resubmit`, `stop`, `terminate`, `suspend`, `resume`, `delete` against a server. */
import { ExitCode } from '../../exit-codes.js';
import { collectPages } from '../api.js';
import type { DeleteWorkflowsArgs, ResubmitArgs, RetryArgs, WorkflowActionArgs } from '../client-types.js';
import { type WaitContext, waitWatchOrLog } from '../wait-for.js';
import { printCreated } from './submit.js';

export async function retryCommand(args: RetryArgs, context: WaitContext): Promise<ExitCode> {
  const fields = {
    restartSuccessful: args.restartSuccessful,
    ...(args.nodeFieldSelector ? { nodeFieldSelector: args.nodeFieldSelector } : {}),
    ...(args.parameters.length > 0 ? { parameters: args.parameters } : {}),
  };
  const workflow = await context.api.actOnWorkflow(args.connection.namespace, args.name, 'retry', fields);
  printCreated([workflow], args, context);
  return waitWatchOrLog(context, [workflow.metadata?.name ?? args.name], args, args.output);
}

/** The resubmitted workflow is a new one: its name is what is waited for. */
export async function resubmitCommand(args: ResubmitArgs, context: WaitContext): Promise<ExitCode> {
  const fields = {
    memoized: args.memoized,
    ...(args.parameters.length > 0 ? { parameters: args.parameters } : {}),
  };
  const workflow = await context.api.actOnWorkflow(args.connection.namespace, args.name, 'resubmit', fields);
  printCreated([workflow], args, context);
  return waitWatchOrLog(context, [workflow.metadata?.name ?? ''], args, args.output);
}

const pastTense = {
  stop: 'stopped',
  terminate: 'terminated',
  suspend: 'suspended',
  resume: 'resumed',
} as const;

/** One request per workflow, in order; the first refusal ends the command (argo's behaviour). */
export async function workflowActionCommand(
  args: WorkflowActionArgs,
  { api, io }: WaitContext,
): Promise<ExitCode> {
  const fields = {
    ...(args.nodeFieldSelector ? { nodeFieldSelector: args.nodeFieldSelector } : {}),
    ...(args.message ? { message: args.message } : {}),
  };
  for (const name of args.names) {
    await api.actOnWorkflow(args.connection.namespace, name, args.action, fields);
    io.stdout.write(`workflow ${name} ${pastTense[args.action]}\n`);
  }
  return ExitCode.Ok;
}

export async function deleteCommand(args: DeleteWorkflowsArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const namespace = args.connection.namespace;
  const names = args.all
    ? (await collectPages((token) => api.listWorkflows(namespace, { continue: token }))).map(
        (wf) => wf.metadata?.name ?? '',
      )
    : args.names;
  if (names.length === 0) io.stdout.write('No resources found\n');
  for (const name of names) {
    await api.deleteWorkflow(namespace, name);
    io.stdout.write(`Workflow '${name}' deleted\n`);
  }
  return ExitCode.Ok;
}

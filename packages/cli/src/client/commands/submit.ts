/** `weft submit FILE... | --from KIND/NAME`: create workflows on the server, then wait, watch or log. */
import type { Workflow } from '@weft/core';
import { UsageError } from '../../errors.js';
import type { ExitCode } from '../../exit-codes.js';
import { loadParameterFile, mergeParameters } from '../../load-files.js';
import type { SubmitArgs } from '../client-types.js';
import { applySubmitOptions, loadObjectsOfKind } from '../manifests.js';
import { formatWorkflow } from '../print-workflows.js';
import { formatDocument } from '../table.js';
import { followsUp, type WaitContext, waitWatchOrLog } from '../wait-for.js';

export async function submitCommand(args: SubmitArgs, context: WaitContext): Promise<ExitCode> {
  const { api, io } = context;
  const namespace = args.connection.namespace;
  const parameters = await parametersOf(args);
  const note = (line: string) => io.stderr.write(`${line}\n`);
  let created: Workflow[];
  if (args.from) {
    const options = {
      ...(args.name ? { name: args.name } : {}),
      ...(args.generateName ? { generateName: args.generateName } : {}),
      ...(args.entrypoint ? { entryPoint: args.entrypoint } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(args.labels ? { labels: args.labels } : {}),
    };
    created = [await api.submitWorkflow(namespace, args.from.kind, args.from.name, options)];
  } else {
    const objects = await loadObjectsOfKind(args.files, 'Workflow', 'submit', note);
    if (args.watch && objects.length > 1)
      throw new UsageError('cannot watch more than one workflow', 'submit');
    const overrides = { ...args, namespace, parameters };
    created = [];
    for (const object of objects) {
      const workflow = applySubmitOptions(object as unknown as Workflow, overrides);
      created.push(await api.createWorkflow(workflow.metadata.namespace ?? namespace, workflow));
    }
  }
  printCreated(created, args, context);
  const names = created.map((wf) => wf.metadata?.name ?? '');
  return waitWatchOrLog(context, names, args, args.output);
}

/** `--parameter-file` values first, then `-p`; a later value for the same name wins. */
async function parametersOf(args: SubmitArgs): Promise<string[]> {
  const fromFile = args.parameterFile ? await loadParameterFile(args.parameterFile) : [];
  const given = args.parameters.map((text) => {
    const at = text.indexOf('=');
    return { name: text.slice(0, at), value: text.slice(at + 1) };
  });
  return mergeParameters(fromFile, given).map(({ name, value }) => `${name}=${value}`);
}

/**
 * What argo prints on creation. With --wait/--watch and `-o json|yaml` the final object is printed
 * instead (one document); with --watch nothing is printed on creation: the live tree shows it, and
 * the final workflow is printed in the chosen format at the end.
 */
export function printCreated(
  created: readonly Workflow[],
  args: Pick<SubmitArgs, 'wait' | 'watch' | 'log' | 'output'>,
  context: WaitContext,
): void {
  const { io } = context;
  const machine = args.output === 'json' || args.output === 'yaml';
  if ((followsUp(args) && machine) || args.watch) return;
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  // Several workflows as JSON or YAML: one list, so stdout stays one document.
  if (machine && created.length > 1)
    return void io.stdout.write(formatDocument(created, args.output as 'json'));
  for (const workflow of created) io.stdout.write(formatWorkflow(workflow, args.output, new Date(), color));
}

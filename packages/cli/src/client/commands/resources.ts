/** `weft template|cluster-template|cron create|lint|list|get|delete|runs`, `cron suspend|resume`. */
import { InvalidInputError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { type ApiObject, collectPages } from '../api.js';
import type { CronSuspendArgs, ResourceArgs, RunsArgs } from '../client-types.js';
import { ServerInputError } from '../errors.js';
import { loadObjectsOfKind } from '../manifests.js';
import { formatResource, formatResourceList, formatRuns } from '../print-resources.js';
import { formatDocument } from '../table.js';
import type { WaitContext } from '../wait-for.js';

const groupOf: Readonly<Record<string, string>> = {
  WorkflowTemplate: 'template',
  ClusterWorkflowTemplate: 'cluster-template',
  CronWorkflow: 'cron',
};

export async function resourceCommand(args: ResourceArgs, context: WaitContext): Promise<ExitCode> {
  switch (args.action) {
    case 'resource-create':
      return createResources(args, context);
    case 'resource-lint':
      return lintResources(args, context);
    case 'resource-list':
      return listResources(args, context);
    case 'resource-get':
      return getResources(args, context);
    case 'resource-delete':
      return deleteResources(args, context);
  }
}

async function load(args: ResourceArgs, { io }: WaitContext) {
  const command = `${groupOf[args.kind.kind]} ${args.action.replace('resource-', '')}`;
  return loadObjectsOfKind(args.operands, args.kind.kind, command, (line) => io.stderr.write(`${line}\n`));
}

/** Every file is read and checked first; then one create per object, in order. */
async function createResources(args: ResourceArgs, context: WaitContext): Promise<ExitCode> {
  const created: ApiObject[] = [];
  const { api } = context;
  for (const object of await load(args, context)) {
    const namespace = object.metadata.namespace || args.connection.namespace;
    created.push(await api.createResource(args.kind, namespace, object));
  }
  printObjects(created, args, context);
  return ExitCode.Ok;
}

/** The server's lint of each object; every problem is listed, then exit 2 when there was one. */
async function lintResources(args: ResourceArgs, context: WaitContext): Promise<ExitCode> {
  const { api, io } = context;
  const problems: string[] = [];
  for (const object of await load(args, context)) {
    const namespace = object.metadata.namespace || args.connection.namespace;
    try {
      await api.lintResource(args.kind, namespace, object);
    } catch (error) {
      if (!(error instanceof ServerInputError)) throw error;
      const name = object.metadata.name ?? object.metadata.generateName ?? '';
      problems.push(...error.problems.map((problem) => `${args.kind.kind} ${name}: ${problem}`));
    }
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  io.stdout.write('no linting errors found\n');
  return ExitCode.Ok;
}

async function listResources(args: ResourceArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const options = { labelSelector: args.labels };
  const items = await collectPages((token) =>
    api.listResources(args.kind, args.connection.namespace, { ...options, continue: token }),
  );
  io.stdout.write(formatResourceList(items, args.kind.kind, args.output, new Date()));
  return ExitCode.Ok;
}

async function getResources(args: ResourceArgs, context: WaitContext): Promise<ExitCode> {
  const objects: ApiObject[] = [];
  for (const name of args.operands)
    objects.push(await context.api.getResource(args.kind, args.connection.namespace, name));
  printObjects(objects, args, context);
  return ExitCode.Ok;
}

async function deleteResources(args: ResourceArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const namespace = args.connection.namespace;
  const names = args.all
    ? (await collectPages((token) => api.listResources(args.kind, namespace, { continue: token }))).map(
        (item) => item.metadata.name ?? '',
      )
    : args.operands;
  if (names.length === 0) io.stdout.write('No resources found\n');
  for (const name of names) {
    await api.deleteResource(args.kind, namespace, name);
    io.stdout.write(`${args.kind.kind} '${name}' deleted\n`);
  }
  return ExitCode.Ok;
}

/** Several objects as JSON or YAML form one list, so stdout stays one document. */
function printObjects(objects: readonly ApiObject[], args: ResourceArgs, { io }: WaitContext): void {
  if ((args.output === 'json' || args.output === 'yaml') && objects.length > 1)
    return void io.stdout.write(formatDocument(objects, args.output));
  for (const object of objects) io.stdout.write(formatResource(object, args.output));
}

export async function cronSuspendCommand(args: CronSuspendArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const suspend = args.action === 'cron-suspend';
  for (const name of args.names) {
    await api.setCronSuspended(args.connection.namespace, name, suspend);
    io.stdout.write(`CronWorkflow '${name}' ${suspend ? 'suspended' : 'resumed'}\n`);
  }
  return ExitCode.Ok;
}

export async function runsCommand(args: RunsArgs, { api, io }: WaitContext): Promise<ExitCode> {
  const namespace = args.connection.namespace;
  const runs = await collectPages(
    (token) => api.runs(args.kind, namespace, args.name, { continue: token, limit: args.limit }),
    () => true,
    args.limit,
  );
  io.stdout.write(formatRuns(runs, args.output, new Date()));
  return ExitCode.Ok;
}

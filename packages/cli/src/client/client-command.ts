/** Runs a parsed client command against the server it names. */
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { ArgoApi } from './api.js';
import type { ClientArgs } from './client-types.js';
import { secretCommand, tokenCommand } from './commands/access.js';
import { deleteCommand, resubmitCommand, retryCommand, workflowActionCommand } from './commands/actions.js';
import { cronSuspendCommand, resourceCommand, runsCommand } from './commands/resources.js';
import { submitCommand } from './commands/submit.js';
import { getCommand, listCommand, logsCommand, watchCommand } from './commands/workflows.js';
import { ApiClient } from './http.js';
import { clientUsageFor } from './usage.js';
import type { WaitContext } from './wait-for.js';

export interface ClientHooks {
  /** Replaces the global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Reconnect delays of watches (tests). */
  readonly backoffMs?: (attempt: number) => number;
}

export async function clientCommand(args: ClientArgs, io: CliIo, hooks: ClientHooks = {}): Promise<ExitCode> {
  if (args.action === 'help') {
    io.stdout.write(`${clientUsageFor(args.topic)}\n`);
    return ExitCode.Ok;
  }
  const { server, token } = args.connection;
  const api = new ArgoApi(new ApiClient({ baseUrl: server, token, fetch: hooks.fetch }));
  const follow = hooks.backoffMs ? { backoffMs: hooks.backoffMs } : undefined;
  const context: WaitContext = { api, io, namespace: args.connection.namespace, follow };
  switch (args.action) {
    case 'submit':
      return submitCommand(args, context);
    case 'list':
      return listCommand(args, context);
    case 'get':
      return getCommand(args, context);
    case 'watch':
      return watchCommand(args, context);
    case 'logs':
      return logsCommand(args, context);
    case 'retry':
      return retryCommand(args, context);
    case 'resubmit':
      return resubmitCommand(args, context);
    case 'stop':
    case 'terminate':
    case 'suspend':
    case 'resume':
      return workflowActionCommand(args, context);
    case 'delete':
      return deleteCommand(args, context);
    case 'cron-suspend':
    case 'cron-resume':
      return cronSuspendCommand(args, context);
    case 'runs':
      return runsCommand(args, context);
    case 'secret':
      return secretCommand(args, api.http, io);
    case 'token':
      return tokenCommand(args, api.http, io);
    default:
      return resourceCommand(args, context);
  }
}

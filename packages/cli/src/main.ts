/** Entry point of the `weft` command: parse, dispatch, and turn every outcome into an exit code. */
import { readFileSync } from 'node:fs';
import { InvalidInputError as CoreInvalidInputError, formatIssue } from '@weft/core';
import { parseCliArgs } from './args.js';
import { artifactsGetCommand, deleteCommand } from './artifacts/artifacts-command.js';
import { parseClientArgs } from './client/client-args.js';
import { clientCommand } from './client/client-command.js';
import { controlCommand } from './commands/control.js';
import { lintCommand } from './commands/lint.js';
import { logsCommand } from './commands/logs.js';
import { runCommand } from './commands/run.js';
import { serverCommand } from './commands/server.js';
import { ControlError, InvalidInputError, UsageError } from './errors.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { usageFor } from './usage.js';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  try {
    // `weft server` starts the server; its flags are parsed by @weft/server.
    if (argv[0] === 'server') return await serverCommand(argv.slice(1), io);
    // Commands for a weft server (--server URL or WEFT_SERVER) are parsed and run by ./client/.
    const clientArgs = parseClientArgs(argv, io.env);
    if (clientArgs) return await clientCommand(clientArgs, io);
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${usageFor(args.topic)}\n`);
        return ExitCode.Ok;
      case 'version':
        io.stdout.write(`weft ${cliVersion()}\n`);
        return ExitCode.Ok;
      case 'lint':
        return await lintCommand(args, io);
      case 'run':
        return await runCommand(args, io);
      case 'logs':
        return await logsCommand(args, io);
      case 'artifacts-get':
        return await artifactsGetCommand(args, io);
      case 'delete':
        return await deleteCommand(args, io);
      case 'resume':
      case 'stop':
      case 'terminate':
      case 'node-set':
        return await controlCommand(args, io);
    }
  } catch (error) {
    io.stderr.write(describeError(error, io.env.WEFT_DEBUG === '1'));
    return exitCodeForError(error);
  }
}

/** What the user sees for an error that reached the top: never a stack, unless WEFT_DEBUG=1. */
export function describeError(error: unknown, debug: boolean): string {
  if (error instanceof UsageError) return `weft: ${error.message}\n\n${usageFor(error.command)}\n`;
  if (error instanceof InvalidInputError) return `${error.lines.join('\n')}\n`;
  if (error instanceof ControlError) return `weft: ${error.message}\n`;
  if (error instanceof CoreInvalidInputError) return `${error.issues.map(formatIssue).join('\n')}\n`;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0];
  if (debug && error instanceof Error && error.stack)
    return `weft: internal error: ${firstLine}\n${error.stack}\n`;
  return `weft: internal error: ${firstLine} (set WEFT_DEBUG=1 for details)\n`;
}

function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

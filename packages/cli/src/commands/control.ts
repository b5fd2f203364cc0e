/** `weft resume`, `weft stop`, `weft terminate`, `weft node set`: requests to a running `weft run`. */
import { relative } from 'node:path';
import {
  type ControlReply,
  type ControlRequest,
  ControlUnreachableError,
  sendControlRequest,
} from '@weft/engine';
import { controlSocketPath, resolveRunDir } from '../control/run-target.js';
import type { ControlArgs } from '../control-args.js';
import { ControlError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export async function controlCommand(args: ControlArgs, io: CliIo): Promise<ExitCode> {
  const runDir = await resolveRunDir(args.run, io.cwd);
  const reply = await send(runDir, requestFor(args), io.cwd);
  if (!reply.ok) throw new ControlError(reply.error);
  io.stdout.write(`${reply.message}\n`);
  return ExitCode.Ok;
}

function requestFor(args: ControlArgs): ControlRequest {
  const node = args.node !== undefined ? { node: args.node } : {};
  switch (args.command) {
    case 'resume':
      return {
        action: 'resume',
        ...node,
        ...(Object.keys(args.values).length ? { values: args.values } : {}),
      };
    case 'node-set':
      return { action: 'set', ...node, values: args.values };
    case 'stop':
    case 'terminate':
      return { action: args.command };
  }
}

async function send(runDir: string, request: ControlRequest, cwd: string): Promise<ControlReply> {
  try {
    return await sendControlRequest(controlSocketPath(runDir), request);
  } catch (error) {
    if (!(error instanceof ControlUnreachableError)) throw error;
    throw new ControlError(`the workflow in ${relative(cwd, runDir) || runDir} is not running`);
  }
}

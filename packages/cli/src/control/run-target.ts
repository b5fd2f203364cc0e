/**
 * Which run `weft resume/stop/terminate/node set` talks to: a run directory given as a path, a run's
 * name under `.weft-runs/`, or — with no argument — the only run under `.weft-runs/` that is running.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { sendControlRequest } from '@weft/engine';
import { ControlError, InvalidInputError } from '../errors.js';

export const RUNS_DIR = '.weft-runs';
export const CONTROL_SOCKET = 'control.sock';

/** The control socket of a run directory. */
export function controlSocketPath(runDir: string): string {
  return join(runDir, CONTROL_SOCKET);
}

export async function resolveRunDir(run: string | undefined, cwd: string): Promise<string> {
  if (run !== undefined) return namedRunDir(run, cwd);
  const runsDir = resolve(cwd, RUNS_DIR);
  const candidates = existsSync(runsDir)
    ? readdirSync(runsDir)
        .map((name) => join(runsDir, name))
        .filter((dir) => existsSync(controlSocketPath(dir)))
    : [];
  const running: string[] = [];
  for (const dir of candidates) if (await isRunning(dir)) running.push(dir);
  if (running.length === 1) return running[0] as string;
  if (running.length === 0)
    throw new ControlError(`no workflow is running under ${relative(cwd, runsDir) || runsDir}/`);
  throw new InvalidInputError([
    'weft: more than one workflow is running; name one of them:',
    ...running.map((dir) => `  ${relative(cwd, dir)}`),
  ]);
}

function namedRunDir(run: string, cwd: string): string {
  const asPath = resolve(cwd, run);
  if (isDirectory(asPath)) return asPath;
  const asName = resolve(cwd, RUNS_DIR, run);
  if (isDirectory(asName)) return asName;
  throw new ControlError(`no run directory "${run}" (neither a path nor a run under ${RUNS_DIR}/)`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function isRunning(runDir: string): Promise<boolean> {
  try {
    const reply = await sendControlRequest(controlSocketPath(runDir), { action: 'status' }, 2_000);
    return reply.ok;
  } catch {
    return false;
  }
}

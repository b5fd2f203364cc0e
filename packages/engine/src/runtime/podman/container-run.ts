import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLogRecords } from '../../logs/log-record.js';
import type { Spawner } from '../host/spawner.js';
import type { ContainerOutcome } from '../pod/pod-run.js';
import { podmanError, runPodman } from './command.js';

export interface ContainerRunContext {
  readonly binary: string;
  readonly spawner: Spawner;
  readonly stepDir: string;
  readonly stdoutLimit: number;
  /** Forms of secret values replaced by `[redacted]` in the logs and stdout (Redactor.forms). */
  readonly redact?: readonly string[];
}

export interface ContainerLaunch {
  /** The pod's name for the container (its log file is `logs/<name>.log`). */
  readonly name: string;
  /** podman's name for it. */
  readonly podmanName: string;
  readonly args: readonly string[];
  /** Where podman writes the container's id (`--cidfile`). */
  readonly cidFile: string;
  /** The program it runs, for "executable not found". */
  readonly program: string;
  /**
   * Variables whose values hold a Secret's: given to `podman run` in its own environment and
   * named by `--env NAME` in `args`, so they never appear on a command line.
   */
  readonly secretEnv?: Readonly<Record<string, string>>;
}

/**
 * Runs one container attached (`podman run` without `-d`): its stdout and stderr come through
 * podman's pipes into the log, its exit code is podman's. `onStarted` is told once podman is running.
 */
export async function runContainer(
  context: ContainerRunContext,
  launch: ContainerLaunch,
  capture: boolean,
  onStarted?: () => void,
): Promise<ContainerOutcome> {
  const logPath = join(context.stepDir, 'logs', `${launch.name}.log`);
  const process = context.spawner.spawn({
    file: context.binary,
    args: launch.args,
    env: { ...podmanEnv(), ...launch.secretEnv },
    logPath,
    captureStdout: capture,
    stdoutLimit: context.stdoutLimit,
    ...(context.redact?.length ? { redact: context.redact } : {}),
  });
  if (onStarted) void process.started.then(onStarted);
  const exit = await process.exited;
  if (exit.error !== undefined)
    return {
      name: launch.name,
      error: exit.error === 'ENOENT' ? `podman not found at ${context.binary}` : exit.error,
    };
  const code = exit.code ?? (exit.signal ? 128 + 9 : null);
  if (code !== null && code >= 125 && code <= 127) {
    const error = await startFailure(context, launch, code, logPath);
    if (error !== undefined) return { name: launch.name, error };
  }
  if (code === 1) {
    const error = await execFailure(launch, logPath);
    if (error !== undefined) return { name: launch.name, error };
  }
  return { name: launch.name, exit: { code, stdout: exit.stdout } };
}

function podmanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

/** Exit codes 125–127 are podman's own when the container never started: say why. */
async function startFailure(
  context: ContainerRunContext,
  launch: ContainerLaunch,
  code: number,
  logPath: string,
): Promise<string | undefined> {
  const state = await runPodman(context.binary, [
    'inspect',
    '--format',
    '{{.State.Status}}',
    launch.podmanName,
  ]);
  if (state.code === 0 && state.stdout.trim() === 'exited') return undefined;
  if (code === 127) return `executable "${launch.program}" not found`;
  const message = await podmanMessage(logPath);
  if (code === 126) return `executable "${launch.program}" could not be run: ${message}`;
  return `container "${launch.name}" could not start: ${message}`;
}

/** catatonit (`--init`) exits 1 when it cannot exec the container's program, and says why on stderr. */
async function execFailure(launch: ContainerLaunch, logPath: string): Promise<string | undefined> {
  const lines = await stderrLines(logPath);
  const reason = lines
    .map((line) => /^ERROR \(catatonit:\d+\): failed to exec pid1: (.*)$/.exec(line)?.[1])
    .find(Boolean);
  if (reason === undefined) return undefined;
  if (/no such file/i.test(reason)) return `executable "${launch.program}" not found`;
  return `executable "${launch.program}" could not be run: ${reason}`;
}

async function stderrLines(logPath: string): Promise<string[]> {
  try {
    const records = parseLogRecords(await readFile(logPath));
    return records.filter((record) => record.stream === 'stderr').map((record) => record.text);
  } catch {
    return [];
  }
}

/** podman's error lines, which it wrote to stderr and so to the container's log. */
async function podmanMessage(logPath: string): Promise<string> {
  return podmanError((await stderrLines(logPath)).join('\n')) || 'podman run failed';
}

/**
 * Sends `signal` to a container; retried while podman has not created or started it yet (a kill
 * right after start), for as long as `stillLive` says it may still run.
 */
export async function signalContainer(
  binary: string,
  name: string,
  signal: 'TERM' | 'KILL',
  stillLive: () => boolean,
): Promise<void> {
  for (let attempt = 0; attempt < 100 && stillLive(); attempt++) {
    const result = await runPodman(binary, ['kill', '--signal', signal, name]);
    if (result.code === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { createConnection, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepExitListener, StepStartListener } from '../types.js';
import { protocolVersion, type RunnerMessage, readMessages } from './protocol.js';
import type { RunnerHostOptions } from './runner.js';
import { logPathOf, socketPathOf } from './runner-dir.js';
import { RunnerClient, type RunnerRuntime } from './runner-runtime.js';
import { spawnRunner } from './spawn-runner.js';

export type { KnownSteps, RunnerRuntime } from './runner-runtime.js';

export interface ConnectRunnerOptions {
  /** The runner's directory: socket, pid, log and un-acked results. Created when missing. */
  readonly dir: string;
  /** Every step result, including results stored while no client was connected. */
  readonly onExit: StepExitListener;
  /** When a step's primary container runs and is ready; replayed at connect for running steps. */
  readonly onStart?: StepStartListener;
  /** Volumes other than emptyDir. Given to a runner this call starts; a live runner with other volumes is refused. */
  readonly volumesDir?: string;
  /** Start a runner when none serves `dir` (default true); false: fail instead. */
  readonly spawnIfMissing?: boolean;
  /** A runner this call starts exits after this long with no client and no running step (default 60 s). */
  readonly idleExitMs?: number;
  /** Host runtime options for a runner this call starts. */
  readonly hostOptions?: Omit<RunnerHostOptions, 'volumesDir'>;
  /** How long to wait for the runner to answer (default 10 s). */
  readonly timeoutMs?: number;
}

type Hello = Extract<RunnerMessage, { type: 'hello' }>;

/**
 * Connects to the step runner serving `options.dir`, starting one when there is none (or only the
 * socket file of a dead one). Steps started through the returned runtime keep running when this
 * process exits or is killed; the next client to connect receives their results.
 *
 * @example
 * const runtime = await connectRunner({ dir: runnerDir, onExit: (result) => record(result).then(() => runtime.ack(result.id)) });
 * const { running, exited } = runtime.known(); // re-attach: anything else the engine thought was running is lost
 */
export async function connectRunner(options: ConnectRunnerOptions): Promise<RunnerRuntime> {
  const dir = resolve(options.dir);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const socket = await connectOrSpawn(dir, options, deadline);
  try {
    const { hello, forward } = await greeting(socket, dir, deadline);
    if (hello.protocol !== protocolVersion)
      throw new Error(
        `the step runner at ${dir} (pid ${hello.pid}) speaks protocol ${hello.protocol}, not ${protocolVersion}: shut it down`,
      );
    if (options.volumesDir !== undefined && resolve(options.volumesDir) !== hello.volumesDir)
      throw new Error(
        `volumesDir: the step runner at ${dir} (pid ${hello.pid}) uses ${hello.volumesDir}, not ${resolve(options.volumesDir)}`,
      );
    const client = new RunnerClient(socket, hello, options);
    forward((value) => client.receiveLine(value));
    return client;
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

async function connectOrSpawn(dir: string, options: ConnectRunnerOptions, deadline: number): Promise<Socket> {
  const path = socketPathOf(dir);
  const live = await tryConnect(path);
  if (live !== undefined) return live;
  if (options.spawnIfMissing === false) throw new Error(`no step runner serves ${dir}`);
  await spawnRunner({
    dir,
    ...(options.volumesDir === undefined ? {} : { volumesDir: resolve(options.volumesDir) }),
    ...(options.idleExitMs === undefined ? {} : { idleExitMs: options.idleExitMs }),
    ...(options.hostOptions === undefined ? {} : { host: options.hostOptions }),
  });
  // Normally the runner we started listens already; when another runner won the directory, it may
  // still be getting ready.
  for (;;) {
    const socket = await tryConnect(path);
    if (socket !== undefined) return socket;
    if (Date.now() > deadline)
      throw new Error(`the step runner at ${dir} did not answer; see ${logPathOf(dir)}`);
    await sleep(20);
  }
}

/** A connected socket, or undefined when nothing listens at `path` (no file, or a dead runner's). */
function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((done, fail) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      done(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') done(undefined);
      else fail(new Error(`cannot connect to the step runner at ${path}: ${error.message}`));
    });
  });
}

/** Waits for the runner's hello; `forward` then receives every later message, in order. */
function greeting(
  socket: Socket,
  dir: string,
  deadline: number,
): Promise<{ hello: Hello; forward: (to: (value: unknown) => void) => void }> {
  return new Promise((done, fail) => {
    const early: unknown[] = [];
    let target: ((value: unknown) => void) | undefined;
    let hello: Hello | undefined;
    const timer = setTimeout(
      () => fail(new Error(`the step runner at ${dir} did not answer; see ${logPathOf(dir)}`)),
      Math.max(0, deadline - Date.now()),
    );
    const forward = (to: (value: unknown) => void) => {
      target = to;
      for (const value of early.splice(0)) to(value);
    };
    socket.once('close', () =>
      fail(new Error(`the step runner at ${dir} closed the connection; see ${logPathOf(dir)}`)),
    );
    socket.on('error', () => undefined);
    readMessages(
      socket,
      (value) => {
        if (hello !== undefined) return target ? target(value) : void early.push(value);
        hello = value as Hello;
        clearTimeout(timer);
        if ((value as { type?: unknown }).type !== 'hello')
          fail(new Error(`the step runner at ${dir} did not say hello`));
        else done({ hello, forward });
      },
      () => undefined,
    );
  });
}

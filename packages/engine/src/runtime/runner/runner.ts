import type { Socket } from 'node:net';
import { createHostRuntime, type HostRuntimeOptions } from '../host/index.js';
import type { Runtime, StartStepRequest, StepResult } from '../types.js';
import {
  type ClientMessage,
  parseClientMessage,
  protocolVersion,
  type RunnerMessage,
  readMessages,
  send,
} from './protocol.js';
import { ResultJournal } from './result-journal.js';

/** Host runtime options a runner can be started with (the listeners are the runner's own). */
export type RunnerHostOptions = Pick<
  HostRuntimeOptions,
  'isolation' | 'volumesDir' | 'killGraceMs' | 'sidecarGraceMs' | 'stdoutLimit' | 'keepFilesystem'
>;

export interface RunnerOptions {
  /** Where un-acked results are kept (`<dir>/results`). */
  readonly resultsDir: string;
  readonly host: RunnerHostOptions & { readonly volumesDir: string };
  /** Exit after this long with no client and no running step. */
  readonly idleExitMs: number;
  readonly log: (line: string) => void;
  /** Called once, when the runner has stopped (every step ended, every client disconnected). */
  readonly onStopped: (reason: string) => void;
}

/**
 * The step runner's state: one host runtime whose steps outlive any client, the un-acked results,
 * and the connected clients. Every exit is stored durably before any client hears of it, sent to
 * every connected client, and sent again to each client that connects until one acknowledges it.
 */
export class Runner {
  readonly #options: RunnerOptions;
  readonly #host: Runtime;
  readonly #results: ResultJournal;
  /** Steps started and not yet stored as exited; `started`: the step's onStart has fired. */
  readonly #running = new Map<string, { started: boolean }>();
  readonly #clients = new Set<Socket>();
  /** Results being written; stop() waits for them. */
  readonly #persisting = new Set<Promise<void>>();
  #idleTimer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#results = new ResultJournal(options.resultsDir);
    this.#host = createHostRuntime({
      ...options.host,
      onExit: (result) => this.#exited(result),
      onStart: (id) => this.#started(id),
    });
    this.#armIdleTimer();
  }

  get isolation(): string {
    return this.#host.isolation;
  }

  /** Serves one client connection: hello, the un-acked results, then its requests. */
  accept(socket: Socket): void {
    if (this.#stopping) {
      socket.destroy();
      return;
    }
    this.#clients.add(socket);
    this.#disarmIdleTimer();
    socket.on('error', (error) => this.#options.log(`client connection error: ${error.message}`));
    socket.on('close', () => {
      this.#clients.delete(socket);
      this.#armIdleTimer();
    });
    send(socket, this.#hello());
    for (const result of this.#results.all())
      if (!this.#running.has(result.id)) send(socket, { type: 'exit', result });
    readMessages(
      socket,
      (value) => this.#receive(socket, value),
      (line) => this.#options.log(`ignoring a line that is not JSON: ${line.slice(0, 200)}`),
    );
  }

  /** Kills every step, waits for their results to be stored, disconnects every client. */
  async stop(reason: string): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#disarmIdleTimer();
    this.#options.log(`stopping (${reason}): ${this.#running.size} running step(s)`);
    await this.#host.close();
    await Promise.all(this.#persisting);
    await Promise.all([...this.#clients].map((client) => endConnection(client, 2000)));
    this.#options.onStopped(reason);
  }

  #hello(): RunnerMessage {
    const running = [...this.#running].map(([id, step]) => ({ id, started: step.started }));
    return {
      type: 'hello',
      protocol: protocolVersion,
      pid: process.pid,
      isolation: this.#host.isolation,
      volumesDir: this.#options.host.volumesDir,
      running,
      exited: this.#results.ids().filter((id) => !this.#running.has(id)),
    };
  }

  #receive(socket: Socket, value: unknown): void {
    const message = parseClientMessage(value);
    if (typeof message === 'string') this.#options.log(`ignoring a bad message: ${message}`);
    else this.#handle(socket, message);
  }

  #handle(socket: Socket, message: ClientMessage): void {
    if (message.type === 'start') this.#start(socket, message.request);
    else if (message.type === 'kill') this.#host.kill(message.id, message.graceMs);
    else if (message.type === 'ack') void this.#results.remove(message.id);
    else void this.stop('shutdown requested');
  }

  /** Starts a step unless its id is known: running (ignored) or exited (its stored result is sent). */
  #start(socket: Socket, request: StartStepRequest): void {
    if (this.#stopping) return;
    if (this.#running.has(request.id)) {
      this.#options.log(`start of ${request.id} ignored: it is running`);
      return;
    }
    const stored = this.#results.get(request.id);
    if (stored !== undefined) {
      send(socket, { type: 'exit', result: stored });
      return;
    }
    this.#running.set(request.id, { started: false });
    this.#disarmIdleTimer();
    try {
      this.#host.start(request);
    } catch (error) {
      this.#exited(couldNotStart(request.id, error));
    }
  }

  #started(id: string): void {
    const step = this.#running.get(id);
    if (step) step.started = true;
    for (const client of this.#clients) send(client, { type: 'started', id });
  }

  /** Stores the result durably, then tells every client. */
  #exited(result: StepResult): void {
    const persisted = this.#results.put(result).then(
      () => this.#announce(result),
      (error: unknown) => {
        this.#options.log(`could not store the result of ${result.id}: ${String(error)}`);
        this.#announce(result);
      },
    );
    this.#persisting.add(persisted);
    void persisted.finally(() => this.#persisting.delete(persisted));
  }

  #announce(result: StepResult): void {
    this.#running.delete(result.id);
    for (const client of this.#clients) send(client, { type: 'exit', result });
    this.#armIdleTimer();
  }

  /** Un-acked results are on disk, so they do not keep the runner alive: a new runner sends them. */
  #armIdleTimer(): void {
    if (this.#stopping || this.#idleTimer || this.#clients.size > 0 || this.#running.size > 0) return;
    this.#idleTimer = setTimeout(() => void this.stop('idle'), this.#options.idleExitMs);
  }

  #disarmIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}

/** Ends a connection once what was written to it is flushed (destroys it after `timeoutMs`). */
function endConnection(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

function couldNotStart(id: string, error: unknown): StepResult {
  const now = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  return {
    id,
    exitCode: null,
    error: `step could not run: ${message}`,
    stdout: '',
    parameters: {},
    artifacts: [],
    startedAt: now,
    finishedAt: now,
  };
}

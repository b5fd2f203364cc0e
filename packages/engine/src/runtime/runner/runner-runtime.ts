import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { failure } from '../pod/step-result.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult, StepStartListener } from '../types.js';
import { type ClientMessage, parseRunnerMessage, type RunnerMessage, send } from './protocol.js';

/** What the runner knew when this client connected, kept up to date by the messages since. */
export interface KnownSteps {
  /** Steps the runner is running (reported at connect, or started through this client). */
  readonly running: readonly string[];
  /** Steps whose result the runner holds and this client has not acknowledged. */
  readonly exited: readonly string[];
}

/** A Runtime whose steps run in a step runner process and survive this process. */
export interface RunnerRuntime extends Runtime {
  /** The runner's process id. */
  readonly pid: number;
  /** Steps the runner knows; an id in neither list is unknown to it (e.g. lost with a dead runner). */
  known(): KnownSteps;
  /** The id is running in the runner or has a result there that this client has not acknowledged. */
  knows(id: string): boolean;
  /** Tells the runner the result of `id` is safely recorded: it deletes it and forgets the id. */
  ack(id: string): void;
  /** Kills every step (their results still arrive through onExit) and ends the runner. */
  shutdown(): Promise<void>;
  /** Disconnects only: steps keep running, their results wait in the runner for the next client. */
  close(): Promise<void>;
}

type Hello = Extract<RunnerMessage, { type: 'hello' }>;

interface Listeners {
  readonly onExit: StepExitListener;
  readonly onStart?: StepStartListener;
}

/**
 * The client side of one connection. Messages that arrive with the hello (the runner's stored
 * results) are held back until the caller has the runtime in hand: they are delivered on a later
 * turn of the event loop, after `connectRunner` resolved.
 */
export class RunnerClient implements RunnerRuntime {
  readonly name = 'host';
  readonly isolation: string;
  readonly pid: number;
  readonly #socket: Socket;
  readonly #listeners: Listeners;
  readonly #running: Set<string>;
  readonly #exited: Set<string>;
  #held: (RunnerMessage | 'closed')[] | undefined = [];
  #open = true;
  /** A shutdown was asked for: the connection keeps Node alive until the runner has gone. */
  #stopping = false;
  readonly #closed: Promise<void>;

  /** `socket` has delivered `hello`; every later line goes to `receiveLine`. */
  constructor(socket: Socket, hello: Hello, listeners: Listeners) {
    this.#socket = socket;
    this.#listeners = listeners;
    this.isolation = hello.isolation;
    this.pid = hello.pid;
    this.#running = new Set(hello.running.map((step) => step.id));
    this.#exited = new Set(hello.exited);
    if (socket.destroyed) {
      this.#closed = Promise.resolve();
      this.#receive('closed');
    } else {
      this.#closed = new Promise((done) => socket.once('close', () => done()));
      socket.once('close', () => this.#receive('closed'));
    }
    setImmediate(() => this.#release(hello.running.filter((step) => step.started).map((step) => step.id)));
  }

  /** Handles one parsed line after the hello. */
  receiveLine(value: unknown): void {
    const message = parseRunnerMessage(value);
    if (message !== undefined) this.#receive(message);
  }

  known(): KnownSteps {
    return { running: [...this.#running], exited: [...this.#exited] };
  }

  knows(id: string): boolean {
    return this.#running.has(id) || this.#exited.has(id);
  }

  start(request: StartStepRequest): void {
    if (!this.#open) {
      setImmediate(() => this.#listeners.onExit(failure(request.id, 'step runner is not connected')));
      return;
    }
    this.#running.add(request.id);
    this.#updateRef();
    this.#send({ type: 'start', request: withAbsolutePaths(request) });
  }

  kill(id: string, graceMs?: number): void {
    this.#send(graceMs === undefined ? { type: 'kill', id } : { type: 'kill', id, graceMs });
  }

  ack(id: string): void {
    this.#exited.delete(id);
    this.#send({ type: 'ack', id });
  }

  async shutdown(): Promise<void> {
    this.#send({ type: 'shutdown' });
    this.#stopping = true;
    this.#socket.ref();
    await this.#closed;
  }

  async close(): Promise<void> {
    this.#open = false;
    this.#socket.end();
    await this.#closed;
  }

  #send(message: ClientMessage): void {
    if (this.#open) send(this.#socket, message);
  }

  #receive(message: RunnerMessage | 'closed'): void {
    if (this.#held) this.#held.push(message);
    else this.#apply(message);
  }

  #release(startedBeforeConnect: readonly string[]): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.#updateRef();
    for (const id of startedBeforeConnect) if (this.#open) this.#listeners.onStart?.(id);
    for (const message of held) this.#apply(message);
  }

  #apply(message: RunnerMessage | 'closed'): void {
    if (message === 'closed') this.#connectionClosed();
    else if (!this.#open) return;
    else if (message.type === 'started') this.#listeners.onStart?.(message.id);
    else if (message.type === 'exit') this.#exit(message.result);
  }

  #exit(result: StepResult): void {
    this.#running.delete(result.id);
    this.#exited.add(result.id);
    this.#updateRef();
    this.#listeners.onExit(result);
  }

  /** The runner went away while this client was open: no result will come for its running steps. */
  #connectionClosed(): void {
    if (!this.#open) return;
    this.#open = false;
    const running = [...this.#running];
    this.#running.clear();
    for (const id of running) this.#listeners.onExit(failure(id, 'step runner died'));
  }

  /** Like the host runtime's spawner, an idle connection does not keep Node alive. */
  #updateRef(): void {
    if (this.#held !== undefined || this.#running.size > 0 || this.#stopping) this.#socket.ref();
    else this.#socket.unref();
  }
}

/** Engine-side paths are resolved here: the runner's working directory is not this process's. */
function withAbsolutePaths(request: StartStepRequest): StartStepRequest {
  return {
    ...request,
    stepDir: resolve(request.stepDir),
    inputFiles: request.inputFiles.map((file) =>
      file.kind === 'copy' ? { ...file, source: resolve(file.source) } : file,
    ),
    outputArtifacts: request.outputArtifacts.map((artifact) => ({
      ...artifact,
      destination: resolve(artifact.destination),
    })),
  };
}

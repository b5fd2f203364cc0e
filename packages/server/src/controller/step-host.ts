/**
 * One runtime shared by every workflow of the server, its steps told apart by id:
 * `<workflow uid>/<node id>`. Exits are routed to the workflow that started the step; an exit that
 * arrives before its workflow is back (a runner re-delivering results after a restart) waits here.
 */
import type { Runtime, StartStepRequest, StepResult } from '@weft/engine';

/** A runtime that may also survive restarts: it knows steps started earlier and keeps results until acknowledged. */
export interface DurableRuntime extends Runtime {
  /** The step (a full id) is running or has an unacknowledged result. */
  knows?(id: string): boolean;
  /** Its exit is recorded; the runtime may forget it. */
  ack?(id: string): void;
  /** Kills every step and ends the runtime's process, if it has one. */
  shutdown?(): Promise<void>;
}

export interface StepListener {
  exited(result: StepResult): void;
  started(nodeId: string): void;
}

/** The runtime one workflow sees: ids are its node ids. */
export interface WorkflowRuntime extends Runtime {
  knows(nodeId: string): boolean;
  ack(nodeId: string): void;
  /** Stops routing to this workflow (its steps' exits wait for the next attach). */
  detach(): void;
}

export class StepHost {
  readonly #listeners = new Map<string, StepListener>();
  readonly #waiting = new Map<string, StepResult>();
  #base!: DurableRuntime;

  private constructor() {}

  /** `make` builds the base runtime around the host's exit and start routing. */
  static async create(
    make: (
      onExit: (result: StepResult) => void,
      onStart: (id: string) => void,
    ) => DurableRuntime | Promise<DurableRuntime>,
  ): Promise<StepHost> {
    const host = new StepHost();
    host.#base = await make(
      (result) => host.#exited(result),
      (id) => host.#started(id),
    );
    return host;
  }

  get isolation(): string {
    return this.#base.isolation;
  }

  attach(uid: string, listener: StepListener): WorkflowRuntime {
    this.#listeners.set(uid, listener);
    const base = this.#base;
    const full = (nodeId: string) => `${uid}/${nodeId}`;
    const runtime: WorkflowRuntime = {
      name: base.name,
      isolation: base.isolation,
      start: (request: StartStepRequest) => base.start({ ...request, id: full(request.id) }),
      kill: (nodeId, graceMs) => base.kill(full(nodeId), graceMs),
      close: async () => runtime.detach(),
      knows: (nodeId) => this.#waiting.has(full(nodeId)) || (base.knows?.(full(nodeId)) ?? false),
      ack: (nodeId) => base.ack?.(full(nodeId)),
      detach: () => {
        if (this.#listeners.get(uid) === listener) this.#listeners.delete(uid);
      },
    };
    this.#deliverWaiting(uid, listener);
    return runtime;
  }

  /** Disconnects; a step runner keeps the steps running. */
  close(): Promise<void> {
    return this.#base.close();
  }

  /** Kills every step (and ends the step runner). */
  async shutdown(): Promise<void> {
    if (this.#base.shutdown) await this.#base.shutdown();
    else await this.#base.close();
  }

  #exited(result: StepResult): void {
    const [uid, nodeId] = splitId(result.id);
    const listener = this.#listeners.get(uid);
    if (listener) listener.exited({ ...result, id: nodeId });
    else this.#waiting.set(result.id, result);
  }

  #started(id: string): void {
    const [uid, nodeId] = splitId(id);
    this.#listeners.get(uid)?.started(nodeId);
  }

  #deliverWaiting(uid: string, listener: StepListener): void {
    const prefix = `${uid}/`;
    const mine = [...this.#waiting].filter(([id]) => id.startsWith(prefix));
    if (mine.length === 0) return;
    // After the caller has set itself up with the returned runtime.
    queueMicrotask(() => {
      for (const [id, result] of mine) {
        if (this.#waiting.delete(id)) listener.exited({ ...result, id: id.slice(prefix.length) });
      }
    });
  }
}

function splitId(id: string): [string, string] {
  const slash = id.indexOf('/');
  return [id.slice(0, slash), id.slice(slash + 1)];
}

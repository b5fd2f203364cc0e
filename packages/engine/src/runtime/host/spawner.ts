import { Worker } from 'node:worker_threads';

/** What to run: an executable path (already resolved) with its arguments and environment. */
export interface SpawnSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** stdout and stderr are appended here as they are produced. */
  readonly logPath?: string;
  /** Also return the last `stdoutLimit` bytes of stdout (Argo keeps the last 256 kB of a result). */
  readonly captureStdout?: boolean;
  readonly stdoutLimit?: number;
  /** Strings replaced by `[redacted]` in the log and the captured stdout (secret values' forms). */
  readonly redact?: readonly string[];
}

export interface SpawnExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** 'ENOENT' when the executable does not exist, another message when spawning failed. */
  readonly error?: string;
  readonly stdout: string;
}

export interface SpawnedProcess {
  /** Resolves when the process has exited and its output is flushed. */
  readonly exited: Promise<SpawnExit>;
  /** Resolves once the process is running (never, when it could not start). */
  readonly started: Promise<void>;
  /** Signals the process group; ignored before the process has started or after it ended. */
  signal(signal: NodeJS.Signals): void;
}

type WorkerMessage =
  | { readonly type: 'started'; readonly key: number; readonly pid: number }
  | ({ readonly type: 'exit'; readonly key: number } & SpawnExit)
  | { readonly type: 'pong'; readonly key: number };

interface Pending {
  pid?: number;
  ended: boolean;
  /** A signal asked for before the worker reported the pid; sent as soon as it does. */
  early?: NodeJS.Signals;
  readonly markStarted: () => void;
  readonly resolve: (exit: SpawnExit) => void;
  readonly exited: Promise<SpawnExit>;
}

const workerUrl = new URL('../../../assets/spawn-worker.mjs', import.meta.url);

/**
 * Spawns processes from a worker thread, so fork/exec never blocks the engine's event loop.
 * Exits arrive as messages on this thread's loop; nothing polls. The worker is referenced only
 * while processes are running, so an idle spawner does not keep Node alive.
 */
export class Spawner {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #pings = new Map<number, () => void>();
  #nextKey = 1;

  constructor() {
    this.#worker = new Worker(workerUrl);
    this.#worker.unref();
    this.#worker.on('message', (message: WorkerMessage) => this.#receive(message));
    this.#worker.on('error', (error) => this.#failAll(String(error)));
  }

  spawn(spec: SpawnSpec): SpawnedProcess {
    const key = this.#nextKey++;
    let resolve!: (exit: SpawnExit) => void;
    const exited = new Promise<SpawnExit>((done) => {
      resolve = done;
    });
    let markStarted!: () => void;
    const started = new Promise<void>((done) => {
      markStarted = done;
    });
    const pending: Pending = { ended: false, markStarted, resolve, exited };
    this.#track(key, pending);
    this.#worker.postMessage({
      type: 'spawn',
      key,
      ...spec,
      args: [...spec.args],
      env: { ...spec.env },
      ...(spec.redact ? { redact: [...spec.redact] } : {}),
    });
    return { exited, started, signal: (signal) => signalGroup(pending, signal) };
  }

  /** Resolves after a message went to the worker and back (measures the hop's cost). */
  ping(): Promise<void> {
    const key = this.#nextKey++;
    if (this.#pings.size === 0 && this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve) => {
      this.#pings.set(key, resolve);
      this.#worker.postMessage({ type: 'ping', key });
    });
  }

  /** Kills every running process group and stops the worker. */
  async close(): Promise<void> {
    for (const pending of this.#pending.values()) signalGroup(pending, 'SIGKILL');
    await Promise.all([...this.#pending.values()].map((pending) => pending.exited));
    await this.#worker.terminate();
  }

  #track(key: number, pending: Pending): void {
    if (this.#pending.size === 0 && this.#pings.size === 0) this.#worker.ref();
    this.#pending.set(key, pending);
  }

  #receive(message: WorkerMessage): void {
    if (message.type === 'pong') {
      this.#pings.get(message.key)?.();
      this.#pings.delete(message.key);
    } else if (message.type === 'started') {
      const pending = this.#pending.get(message.key);
      if (!pending) return;
      pending.pid = message.pid;
      pending.markStarted();
      if (pending.early) signalGroup(pending, pending.early);
    } else {
      const pending = this.#pending.get(message.key);
      if (!pending) return;
      pending.ended = true;
      this.#pending.delete(message.key);
      const { code, signal, error, stdout } = message;
      pending.resolve(error === undefined ? { code, signal, stdout } : { code, signal, error, stdout });
    }
    if (this.#pending.size === 0 && this.#pings.size === 0) this.#worker.unref();
  }

  #failAll(error: string): void {
    for (const pending of this.#pending.values())
      pending.resolve({ code: null, signal: null, error, stdout: '' });
    this.#pending.clear();
  }
}

function signalGroup(pending: Pending, signal: NodeJS.Signals): void {
  if (pending.ended) return;
  if (pending.pid === undefined) {
    pending.early = signal;
    return;
  }
  try {
    process.kill(-pending.pid, signal);
  } catch {
    // The group is already gone.
  }
}

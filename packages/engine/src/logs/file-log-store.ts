/**
 * The LogStore kept in a run directory (layout and format in ./README.md):
 *
 *   <root>/log-index.jsonl                        the run, its attempts in start order, its end
 *   <root>/steps/<node id>/logs/<container>.log   one container's records
 *
 * The host runtime writes container logs itself (from its spawn worker, at `logPath`); `append`
 * serves runtimes that hand lines over instead.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  type FSWatcher,
  mkdirSync,
  openSync,
  rmSync,
  watch,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createStreamEncoder } from '../../assets/log-lines.mjs';
import { LogFileCursor, readLogFile, tailLogFile } from './log-file.js';
import { type IndexEntry, LogIndexFile } from './log-index-file.js';
import type { LogRecord } from './log-record.js';
import type {
  ContainerLogRef,
  LogAttempt,
  LogCursor,
  LogIndex,
  LogRun,
  LogStore,
  LogWatch,
} from './log-store.js';

export const LOG_INDEX_FILE = 'log-index.jsonl';

/** Where one attempt's container logs live, relative to the store's root. */
export function attemptLogDir(root: string, nodeId: string): string {
  return join(root, 'steps', nodeId, 'logs');
}

export class FileLogStore implements LogStore {
  readonly root: string;
  #indexFd: number | undefined;
  /** The root held an earlier run's logs: clear each attempt's directory before it starts. */
  #reused = false;
  #indexFile: LogIndexFile | undefined;

  constructor(root: string) {
    this.root = root;
  }

  /** Path of one container's log file (where the host runtime writes it). */
  logPath(ref: ContainerLogRef): string {
    return join(attemptLogDir(this.root, ref.nodeId), `${ref.container}.log`);
  }

  beginRun(run: LogRun): void {
    mkdirSync(this.root, { recursive: true });
    const path = join(this.root, LOG_INDEX_FILE);
    this.#reused = existsSync(path);
    this.#indexFd = openSync(path, 'w');
    this.#writeIndex({ type: 'run', ...run });
  }

  /**
   * Reopens the index of a run begun earlier to append to it (a server going on with a workflow
   * after a restart). `clearAttempts`: a step that starts again (a retry of the workflow) starts
   * with an empty log, as with beginRun over an earlier run.
   */
  continueRun(clearAttempts = false): void {
    mkdirSync(this.root, { recursive: true });
    this.#reused = clearAttempts;
    this.#indexFd = openSync(join(this.root, LOG_INDEX_FILE), 'a');
  }

  beginAttempt(attempt: LogAttempt): void {
    const dir = attemptLogDir(this.root, attempt.nodeId);
    if (this.#reused) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    this.#writeIndex({ type: 'attempt', ...attempt });
  }

  append(ref: ContainerLogRef, records: readonly LogRecord[]): void {
    const buffers = records.flatMap((record) => {
      const encoder = createStreamEncoder(record.stream);
      return [...encoder.push(Buffer.from(record.text), record.time), ...encoder.end(record.time)];
    });
    mkdirSync(attemptLogDir(this.root, ref.nodeId), { recursive: true });
    appendFileSync(this.logPath(ref), Buffer.concat(buffers));
  }

  endRun(phase: string, finishedAt: string): void {
    this.#writeIndex({ type: 'ended', phase, finishedAt });
    if (this.#indexFd !== undefined) closeSync(this.#indexFd);
    this.#indexFd = undefined;
  }

  /** The index so far (read incrementally: each call parses only what was appended since the last). */
  index(): Promise<LogIndex> {
    this.#indexFile ??= new LogIndexFile(join(this.root, LOG_INDEX_FILE));
    return this.#indexFile.read();
  }

  read(ref: ContainerLogRef, options: { readonly tail?: number } = {}): Promise<LogRecord[]> {
    const path = this.logPath(ref);
    return options.tail === undefined ? readLogFile(path) : tailLogFile(path, options.tail);
  }

  cursor(ref: ContainerLogRef): LogCursor {
    return new LogFileCursor(this.logPath(ref));
  }

  watch(): LogWatch {
    return new FileLogWatch(this.root);
  }

  writerAlive(run: LogRun): boolean {
    try {
      process.kill(run.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  #writeIndex(entry: IndexEntry): void {
    if (this.#indexFd === undefined) throw new Error('log store: beginRun was not called');
    writeSync(this.#indexFd, `${JSON.stringify(entry)}\n`);
  }
}

/**
 * Change notices from the kernel (fs.watch: inotify on Linux), no polling: the root (the index)
 * and the log directory of each attempt the follower asked about. A directory that cannot be
 * watched (e.g. out of inotify watches) is skipped; callers that must not hang add their own timer.
 */
class FileLogWatch implements LogWatch {
  readonly #root: string;
  readonly #watchers = new Map<string, FSWatcher>();
  #dirty = false;
  #wake: (() => void) | undefined;

  constructor(root: string) {
    this.#root = root;
    this.#watchDir(root);
  }

  /** Also watch an attempt's log directory. */
  add(nodeId: string): void {
    this.#watchDir(attemptLogDir(this.#root, nodeId));
  }

  changed(signal?: AbortSignal): Promise<void> {
    if (this.#dirty || signal?.aborted) {
      this.#dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        this.#wake = undefined;
        this.#dirty = false;
        resolve();
      };
      this.#wake = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.#wake?.();
  }

  #watchDir(dir: string): void {
    if (this.#watchers.has(dir)) return;
    try {
      const watcher = watch(dir, () => this.#notify());
      watcher.on('error', () => watcher.close());
      this.#watchers.set(dir, watcher);
    } catch {
      // Not watchable: the caller's own timer covers it.
    }
  }

  #notify(): void {
    this.#dirty = true;
    this.#wake?.();
  }
}

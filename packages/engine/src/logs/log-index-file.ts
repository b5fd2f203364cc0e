/**
 * `log-index.jsonl`: one JSON object per line — the run, then its attempts in start order, then its
 * end. Read incrementally: each `read()` parses only the lines appended since the last one, so a
 * follower that wakes up often does not re-read the index of a run with thousands of attempts.
 */
import { open } from 'node:fs/promises';
import type { LogAttempt, LogIndex, LogRun } from './log-store.js';

export type IndexEntry =
  | ({ readonly type: 'run' } & LogRun)
  | ({ readonly type: 'attempt' } & LogAttempt)
  | { readonly type: 'ended'; readonly phase: string; readonly finishedAt: string };

const NEWLINE = 0x0a;

export class LogIndexFile {
  readonly path: string;
  #offset = 0;
  #run: LogRun | undefined;
  #attempts: LogAttempt[] = [];
  #ended: LogIndex['ended'];

  constructor(path: string) {
    this.path = path;
  }

  /** Everything in the index so far; empty when it does not exist (yet). */
  async read(): Promise<LogIndex> {
    const data = await this.#readAppended();
    if (data) {
      const complete = data.subarray(0, data.lastIndexOf(NEWLINE) + 1);
      this.#offset += complete.length;
      for (const line of complete.toString('utf8').split('\n')) this.#take(line);
    }
    const index = { run: this.#run, attempts: [...this.#attempts] };
    return this.#ended === undefined ? index : { ...index, ended: this.#ended };
  }

  async #readAppended(): Promise<Buffer | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // Shorter than what was read: a new run started over in the same directory.
      if (size < this.#offset) this.#reset();
      if (size === this.#offset) return undefined;
      const data = Buffer.alloc(size - this.#offset);
      const { bytesRead } = await handle.read(data, 0, data.length, this.#offset);
      return data.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  #reset(): void {
    this.#offset = 0;
    this.#run = undefined;
    this.#attempts = [];
    this.#ended = undefined;
  }

  #take(line: string): void {
    if (line === '') return;
    let entry: IndexEntry;
    try {
      entry = JSON.parse(line) as IndexEntry;
    } catch {
      return;
    }
    const { type, ...fields } = entry;
    if (type === 'run') {
      // A new run started over in the same directory (it rewrites the index from its start).
      if (this.#run !== undefined) this.#reset();
      this.#run = fields as LogRun;
    } else if (type === 'attempt') this.#attempts.push(fields as LogAttempt);
    else if (type === 'ended') this.#ended = fields as LogIndex['ended'];
  }
}

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepResult } from '../types.js';

/**
 * Step results the runner has not yet seen acknowledged, kept in one journal file:
 * `results/journal`, lines of JSON — `{"put": StepResult}` or `{"ack": id}` — followed by zeros.
 *
 * Why not a file per result: on ext4, fsync of a new file (and of its directory after the rename)
 * commits the filesystem journal, with all the metadata the steps' overlays churn through; that
 * cost about 5 ms per step. The journal is preallocated (zeros written and fsynced once per MiB),
 * so a result is made durable by overwriting zeros in place and `fdatasync`, which needs no
 * metadata. Results are written in batches: every result that exits while a write is under way
 * goes into the next write, with one `fdatasync` for all of them.
 *
 * Acks are written without a sync: an ack lost to a power failure only means the result is
 * delivered again. Reading stops at the first zero byte or torn line, which only an unsynced (so
 * never announced) write can leave. The journal is rewritten with the live results when a runner
 * opens it and whenever it grows past a limit.
 */
export class ResultJournal {
  readonly #path: string;
  readonly #results = new Map<string, StepResult>();
  /** Bytes of each live result's record, and their sum: what a rewrite would keep. */
  readonly #recordBytes = new Map<string, number>();
  #liveBytes = 0;
  #file: FileHandle | undefined;
  /** Where the next record goes, and how much is preallocated. */
  #end = 0;
  #size = 0;
  #queue: { line: string; sync: boolean; done: (error?: unknown) => void }[] = [];
  #writing = false;

  /** Opens `dir/journal`, keeping the results a previous runner left there. */
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#path = join(dir, 'journal');
    for (const result of readJournal(this.#path).values()) this.#keep(result, putRecord(result));
    this.#rewrite();
  }

  get(id: string): StepResult | undefined {
    return this.#results.get(id);
  }

  ids(): string[] {
    return [...this.#results.keys()];
  }

  all(): StepResult[] {
    return [...this.#results.values()];
  }

  /** Keeps `result` until `remove`; resolves once it is on disk (in memory only, when that fails). */
  put(result: StepResult): Promise<void> {
    const record = putRecord(result);
    this.#keep(result, record);
    return this.#append(record, true);
  }

  /** Forgets an acknowledged result. */
  async remove(id: string): Promise<void> {
    if (!this.#results.delete(id)) return;
    this.#liveBytes -= this.#recordBytes.get(id) ?? 0;
    this.#recordBytes.delete(id);
    await this.#append(`${JSON.stringify({ ack: id })}\n`, false).catch(() => undefined);
  }

  #keep(result: StepResult, record: string): void {
    const bytes = Buffer.byteLength(record);
    this.#liveBytes += bytes - (this.#recordBytes.get(result.id) ?? 0);
    this.#recordBytes.set(result.id, bytes);
    this.#results.set(result.id, result);
  }

  #append(line: string, sync: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ line, sync, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.#writing) void this.#drain();
    });
  }

  /** Writes everything queued, one batch at a time, each batch synced once if any record in it asks. */
  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.#write(
          batch.map((entry) => entry.line).join(''),
          batch.some((entry) => entry.sync),
        );
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    this.#writing = false;
  }

  async #write(text: string, sync: boolean): Promise<void> {
    const bytes = Buffer.from(text);
    if (this.#end + bytes.length > compactionLimit(this.#liveBytes)) {
      // The rewritten journal holds every live result: this batch's puts are in it, its acks applied.
      this.#rewrite();
      return;
    }
    if (this.#end + bytes.length > this.#size) await this.#grow(this.#end + bytes.length);
    this.#file ??= await open(this.#path, 'r+');
    await this.#file.write(bytes, 0, bytes.length, this.#end);
    this.#end += bytes.length;
    if (sync) await this.#file.datasync();
  }

  /** Preallocates whole MiBs of zeros up to at least `needed` bytes (metadata changes: a full fsync). */
  async #grow(needed: number): Promise<void> {
    const size = roundUp(needed);
    this.#file ??= await open(this.#path, 'r+');
    await this.#file.write(Buffer.alloc(size - this.#size), 0, size - this.#size, this.#size);
    await this.#file.sync();
    this.#size = size;
  }

  /** Replaces the journal with one holding only the live results (temp file, fsync, rename). */
  #rewrite(): void {
    const text = this.all().map(putRecord).join('');
    const bytes = Buffer.from(text);
    const size = roundUp(bytes.length + 1);
    const temporary = `${this.#path}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, Buffer.concat([bytes, Buffer.alloc(size - bytes.length)]));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (this.#file) void this.#file.close().catch(() => undefined);
    this.#file = undefined;
    renameSync(temporary, this.#path);
    syncDirectory(join(this.#path, '..'));
    this.#end = bytes.length;
    this.#size = size;
  }
}

const chunk = 1 << 20;

function putRecord(result: StepResult): string {
  return `${JSON.stringify({ put: result })}\n`;
}

function roundUp(bytes: number): number {
  return Math.max(chunk, Math.ceil(bytes / chunk) * chunk);
}

/** Rewrite once the journal holds 16 MiB and more than twice what is live. */
function compactionLimit(liveBytes: number): number {
  return Math.max(16 * chunk, 2 * liveBytes);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The results a journal holds: puts minus acks, up to the first zero byte or torn line. */
function readJournal(path: string): Map<string, StepResult> {
  const results = new Map<string, StepResult>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return results;
  }
  const zero = bytes.indexOf(0);
  const text = bytes.subarray(0, zero < 0 ? bytes.length : zero).toString('utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n')) {
    if (line === '') continue;
    const record = parseRecord(line);
    if (record === undefined) break;
    if ('put' in record) results.set(record.put.id, record.put);
    else results.delete(record.ack);
  }
  return results;
}

function parseRecord(line: string): { put: StepResult } | { ack: string } | undefined {
  try {
    const value = JSON.parse(line) as { put?: StepResult; ack?: string };
    if (typeof value.put?.id === 'string') return { put: value.put };
    if (typeof value.ack === 'string') return { ack: value.ack };
  } catch {
    // A torn line: the end of what was written.
  }
  return undefined;
}

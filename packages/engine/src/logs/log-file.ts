/** Reading one container's log file: all of it, its last lines, or whatever was appended since. */
import { open, readFile } from 'node:fs/promises';
import { type LogRecord, LogRecordParser, parseLogRecords } from './log-record.js';

const BLOCK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Every line of the file; none when it does not exist (yet). */
export async function readLogFile(path: string): Promise<LogRecord[]> {
  try {
    return parseLogRecords(await readFile(path));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** The file's text as the container printed it (lines joined with "\n"), e.g. for archiving. */
export async function readLogFileText(path: string): Promise<string> {
  return (await readLogFile(path)).map((record) => `${record.text}\n`).join('');
}

function countNewlines(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(NEWLINE); at !== -1; at = data.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/**
 * The last `count` lines, reading the file backwards in blocks so a long log costs only its end.
 * Stored records of long lines come in pieces, so it reads until it has more records than asked.
 */
export async function tailLogFile(path: string, count: number): Promise<LogRecord[]> {
  if (count <= 0) return [];
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    let start = size;
    let data = Buffer.alloc(0);
    while (start > 0 && countNewlines(data) <= count + 1) {
      const from = Math.max(0, start - BLOCK_BYTES);
      const block = Buffer.alloc(start - from);
      await handle.read(block, 0, block.length, from);
      data = Buffer.concat([block, data]);
      start = from;
    }
    // Unless the file was read from its start, the first record may be cut: drop it.
    const whole = start === 0 ? data : data.subarray(data.indexOf(NEWLINE) + 1);
    const records = parseLogRecords(whole);
    return records.slice(Math.max(0, records.length - count));
  } finally {
    await handle.close();
  }
}

/**
 * Reads a log file as it grows: each `read()` returns the lines completed since the last one.
 * A record still being written (no "\n" yet) is left for the next read.
 */
export class LogFileCursor {
  readonly path: string;
  readonly #parser = new LogRecordParser();
  #offset = 0;

  constructor(path: string, offset = 0) {
    this.path = path;
    this.#offset = offset;
  }

  async read(): Promise<LogRecord[]> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return [];
      const data = Buffer.alloc(size - this.#offset);
      const { bytesRead } = await handle.read(data, 0, data.length, this.#offset);
      const complete = data.subarray(0, data.lastIndexOf(NEWLINE, bytesRead - 1) + 1);
      this.#offset += complete.length;
      return this.#parser.parse(complete);
    } finally {
      await handle.close();
    }
  }

  /** Lines left unfinished (call once the writer is known to be done). */
  flush(): LogRecord[] {
    return this.#parser.flush();
  }
}

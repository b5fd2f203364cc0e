/**
 * One line of a container's output, as stored: `<time> <stream> <F|P> <text>` per record (the
 * format is described in ./README.md). This module parses records back into lines, joining the
 * `P` pieces of a long line with the `F` record that ends it.
 */

export type LogStream = 'stdout' | 'stderr';

export interface LogRecord {
  /** When the line arrived: RFC 3339, UTC, nine fractional digits (sorts as text). */
  readonly time: string;
  readonly stream: LogStream;
  /** The line without its newline, decoded as UTF-8 (invalid bytes become U+FFFD). */
  readonly text: string;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

interface RawRecord {
  readonly time: string;
  readonly stream: LogStream;
  readonly partial: boolean;
  readonly bytes: Buffer;
}

/** Splits one stored record (without its newline); undefined when it is not in the format. */
function parseRawRecord(line: Buffer): RawRecord | undefined {
  const afterTime = line.indexOf(SPACE);
  if (afterTime <= 0) return undefined;
  const afterStream = line.indexOf(SPACE, afterTime + 1);
  if (afterStream === -1 || line[afterStream + 2] !== SPACE) return undefined;
  const stream = line.toString('latin1', afterTime + 1, afterStream);
  const tag = line[afterStream + 1];
  if ((stream !== 'stdout' && stream !== 'stderr') || (tag !== 0x46 && tag !== 0x50)) return undefined;
  return {
    time: line.toString('latin1', 0, afterTime),
    stream,
    partial: tag === 0x50,
    bytes: line.subarray(afterStream + 3),
  };
}

/**
 * Turns stored records into lines, in file order. Stateful across calls, so a file can be read in
 * pieces (following it while it grows): `P` pieces wait for the record that ends their line.
 */
export class LogRecordParser {
  readonly #pieces: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  #lastTime = '';

  /** Parses complete records (each ended by "\n"); a trailing piece with no "\n" is ignored. */
  parse(data: Buffer): LogRecord[] {
    const out: LogRecord[] = [];
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
      const record = this.#take(data.subarray(start, end));
      if (record) out.push(record);
      start = end + 1;
    }
    return out;
  }

  /** Lines still waiting for their end (the writer stopped mid-line): returned as they are. */
  flush(): LogRecord[] {
    const out: LogRecord[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const pieces = this.#pieces[stream];
      if (pieces.length === 0) continue;
      out.push({ time: this.#lastTime, stream, text: Buffer.concat(pieces).toString('utf8') });
      this.#pieces[stream] = [];
    }
    return out;
  }

  #take(line: Buffer): LogRecord | undefined {
    const raw = parseRawRecord(line);
    // Not a record (e.g. a log written by hand or by an older weft): keep it as a stdout line.
    if (!raw) return { time: this.#lastTime, stream: 'stdout', text: line.toString('utf8') };
    this.#lastTime = raw.time;
    const pieces = this.#pieces[raw.stream];
    if (raw.partial) {
      pieces.push(Buffer.from(raw.bytes));
      return undefined;
    }
    const bytes = pieces.length === 0 ? raw.bytes : Buffer.concat([...pieces, raw.bytes]);
    this.#pieces[raw.stream] = [];
    return { time: raw.time, stream: raw.stream, text: bytes.toString('utf8') };
  }
}

/** Every line of a whole stored log, including a line left unfinished at its end. */
export function parseLogRecords(data: Buffer): LogRecord[] {
  const parser = new LogRecordParser();
  const records = parser.parse(data);
  // A last record without its "\n" (the writer was stopped mid-write) still counts.
  const lastNewline = data.lastIndexOf(NEWLINE);
  if (lastNewline < data.length - 1)
    records.push(...parser.parse(Buffer.concat([data.subarray(lastNewline + 1), Buffer.from('\n')])));
  return [...records, ...parser.flush()];
}

/** A time as stored in records (nine fractional digits), for comparing with `LogRecord.time`. */
export function toLogTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}000000Z`;
}

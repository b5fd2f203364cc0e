// Turns a container's stdout and stderr chunks into weft's log records, in the worker that reads
// the pipes, so every line is timestamped when it arrives. One record per line:
//
//   <RFC 3339 time, UTC, 9 fractional digits> <stdout|stderr> <F|P> <bytes of the line>\n
//
// the format of Kubernetes' CRI container logs. `F` ends a line; `P` is a piece of a line longer
// than MAX_RECORD_BYTES, continued by the next record of the same stream. A final line with no
// newline is written as `F` when its stream ends. Bytes are written as they came (binary
// included): only "\n" has a meaning. Format and readers: packages/engine/src/logs/README.md.

/** Longest piece of a line in one record, as containerd's default `max_container_log_line_size`. */
export const MAX_RECORD_BYTES = 16 * 1024;

const NEWLINE = 0x0a;

/**
 * A wall clock with nanosecond digits that never goes backwards within this thread: the
 * monotonic clock, anchored once to the wall clock.
 */
export function createLogClock() {
  const anchor = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return () => {
    const ns = anchor + process.hrtime.bigint();
    const seconds = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
    return `${seconds}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`;
  };
}

function record(time, stream, tag, bytes) {
  return [Buffer.from(`${time} ${stream} ${tag} `, 'latin1'), bytes, Buffer.from('\n')];
}

/**
 * A function replacing each of `forms` (strings, longest first) in a buffer by `[redacted]`; the
 * identity when there are none. Secret values are redacted a line at a time: a value split
 * across two `P` pieces of one very long line is not recognised.
 */
export function createByteRedactor(forms) {
  const needles = (forms ?? []).map((form) => Buffer.from(form, 'utf8')).filter((b) => b.length > 0);
  if (needles.length === 0) return (bytes) => bytes;
  const replacement = Buffer.from('[redacted]');
  return (bytes) => {
    let current = bytes;
    for (const needle of needles) {
      let at = current.indexOf(needle);
      if (at === -1) continue;
      const parts = [];
      let start = 0;
      while (at !== -1) {
        parts.push(current.subarray(start, at), replacement);
        start = at + needle.length;
        at = current.indexOf(needle, start);
      }
      parts.push(current.subarray(start));
      current = Buffer.concat(parts);
    }
    return current;
  };
}

/** Records for one whole line (split into `P` pieces when it is long), appended to `out`. */
function lineRecords(out, time, stream, bytes) {
  let rest = bytes;
  while (rest.length > MAX_RECORD_BYTES) {
    out.push(...record(time, stream, 'P', rest.subarray(0, MAX_RECORD_BYTES)));
    rest = rest.subarray(MAX_RECORD_BYTES);
  }
  out.push(...record(time, stream, 'F', rest));
}

/**
 * One stream's line splitter. `push(chunk, time)` and `end(time)` return the records to write, as
 * a list of buffers (empty when the chunk held no complete line yet). `redact` rewrites each line.
 */
export function createStreamEncoder(stream, redact = (bytes) => bytes) {
  let pending = null;
  return {
    push(chunk, time) {
      const out = [];
      let start = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, at);
        lineRecords(out, time, stream, redact(pending ? Buffer.concat([pending, piece]) : piece));
        pending = null;
        start = at + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        pending = pending ? Buffer.concat([pending, rest]) : Buffer.from(rest);
        while (pending.length > MAX_RECORD_BYTES) {
          out.push(...record(time, stream, 'P', redact(pending.subarray(0, MAX_RECORD_BYTES))));
          pending = pending.subarray(MAX_RECORD_BYTES);
        }
      }
      return out;
    },
    end(time) {
      if (!pending) return [];
      const out = [];
      lineRecords(out, time, stream, redact(pending));
      pending = null;
      return out;
    },
  };
}

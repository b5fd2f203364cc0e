/**
 * A workflow's logs as argo-server's WorkflowLogs streams them: `{content, podName}` entries in time
 * order, read from the run directory's FileLogStore through the engine's log query. `content` is
 * the line, preceded by its time with `timestamps` (and `grep` then matches that too, as in Argo).
 * Following ends when the run's log index says it ended, or once the workflow is completed (or
 * deleted) and what was written before is read.
 */
import {
  FileLogStore,
  followWorkflowLogs,
  type LogEntry,
  type LogQuery,
  type LogReader,
  type LogWatch,
  readWorkflowLogs,
} from '@weft/engine';

export interface LogEntryMessage {
  readonly content: string;
  readonly podName: string;
}

export interface WorkflowLogOptions {
  readonly query: LogQuery;
  readonly grep?: RegExp;
  readonly timestamps: boolean;
  /** `Stdout`, `Stderr` or `All` (Kubernetes' `stream` option). */
  readonly stream?: string;
  /** At most this many bytes of content per container log (Kubernetes' `limitBytes`). */
  readonly limitBytes?: number;
}

/** The run directory's log store, its writer presumed alive: completion comes from the workflow. */
export function logReaderOf(runDir: string): LogReader {
  const store = new FileLogStore(runDir);
  return {
    index: () => store.index(),
    read: (ref, options) => store.read(ref, options),
    cursor: (ref) => store.cursor(ref),
    watch: () => store.watch(),
    writerAlive: () => true,
  };
}

/** Turns entries into messages: stream filter, timestamps, grep, byte limit. */
export function messageFilter(
  options: WorkflowLogOptions,
): (entries: readonly LogEntry[]) => LogEntryMessage[] {
  const sent = new Map<string, number>();
  const wanted = options.stream === 'Stdout' ? 'stdout' : options.stream === 'Stderr' ? 'stderr' : undefined;
  return (entries) => {
    const out: LogEntryMessage[] = [];
    for (const { attempt, container, record } of entries) {
      if (wanted && record.stream !== wanted) continue;
      const content = options.timestamps ? `${record.time} ${record.text}` : record.text;
      if (options.grep && !options.grep.test(content)) continue;
      if (options.limitBytes !== undefined) {
        const key = `${attempt.nodeId}/${container}`;
        const bytes = (sent.get(key) ?? 0) + Buffer.byteLength(content) + 1;
        if (bytes > options.limitBytes) continue;
        sent.set(key, bytes);
      }
      out.push({ content, podName: attempt.podName });
    }
    return out;
  };
}

export async function readLogMessages(
  reader: LogReader,
  options: WorkflowLogOptions,
): Promise<LogEntryMessage[]> {
  return messageFilter(options)(await readWorkflowLogs(reader, options.query));
}

export interface FollowControl {
  readonly signal: AbortSignal;
  /** Resolves once the workflow is completed or deleted. */
  readonly finished: Promise<void>;
  /** Longest wait between reads without a change notice (a file system without notices). */
  readonly pollMs: number;
}

/**
 * Batches of messages as lines are written. After the workflow finished, one more read collects
 * what was written before, then it ends (unless the log index said `ended` first).
 */
export async function* followLogMessages(
  reader: LogReader,
  options: WorkflowLogOptions,
  control: FollowControl,
): AsyncGenerator<LogEntryMessage[]> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  control.signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  void control.finished.then(() => {
    finished = true;
  });
  let lastRound = false;
  const wake = async (watch: LogWatch, signal?: AbortSignal): Promise<void> => {
    if (lastRound) {
      stop.abort();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      watch.changed(signal),
      control.finished,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, control.pollMs);
      }),
    ]);
    clearTimeout(timer);
    if (finished) lastRound = true;
  };
  const filter = messageFilter(options);
  try {
    for await (const batch of followWorkflowLogs(reader, options.query, { signal: stop.signal, wake })) {
      const messages = filter(batch);
      if (messages.length > 0) yield messages;
    }
  } finally {
    control.signal.removeEventListener('abort', onAbort);
  }
}

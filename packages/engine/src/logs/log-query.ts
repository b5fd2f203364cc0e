/**
 * Reading a run's logs the way `argo logs` shows a workflow's: the chosen nodes and container,
 * every attempt, merged in time order; `--tail`, `--since`, `--grep`; and following a running
 * run until it ends. Works on any LogReader (the file store today, the server's later).
 */
import type { LogRecord } from './log-record.js';
import type { LogAttempt, LogIndex, LogReader, LogWatch } from './log-store.js';

export interface LogQuery {
  /**
   * A node's display name, full name, id, or pod name. A display name also selects its retry
   * attempts and loop items (`build` selects `build(0)`, `build(1)`).
   */
  readonly node?: string;
  /** The container to show (default `main`, as `argo logs`; Pods without one show their main containers). */
  readonly container?: string;
  /** Keeps the lines whose text matches. */
  readonly grep?: RegExp;
  /** Only the last `tail` lines of each container log (applied before `sinceTime` and `grep`, as Kubernetes then Argo do). */
  readonly tail?: number;
  /** Only lines at or after this time (a LogRecord time, see toLogTime). */
  readonly sinceTime?: string;
}

/** One line to show, with the attempt and container it came from. */
export interface LogEntry {
  readonly attempt: LogAttempt;
  readonly container: string;
  readonly record: LogRecord;
}

export interface LogSource {
  readonly attempt: LogAttempt;
  readonly container: string;
}

/** Whether an attempt is the node the user named. */
export function matchesNode(attempt: LogAttempt, node: string | undefined): boolean {
  if (node === undefined) return true;
  const { displayName, nodeName, nodeId, podName } = attempt;
  return [displayName, nodeName, nodeId, podName].includes(node) || displayName.startsWith(`${node}(`);
}

/** The containers of an attempt that a query shows. */
export function selectContainers(attempt: LogAttempt, container: string | undefined): string[] {
  const names = attempt.containers.map((c) => c.name);
  if (container !== undefined) return names.includes(container) ? [container] : [];
  if (names.includes('main')) return ['main'];
  return attempt.containers.filter((c) => c.role === 'main').map((c) => c.name);
}

/** Every (attempt, container) log a query reads, in the order the attempts started. */
export function selectLogSources(index: LogIndex, query: LogQuery): LogSource[] {
  return index.attempts
    .filter((attempt) => matchesNode(attempt, query.node))
    .flatMap((attempt) =>
      selectContainers(attempt, query.container).map((container) => ({ attempt, container })),
    );
}

function keep(entry: LogEntry, query: LogQuery): boolean {
  if (query.sinceTime !== undefined && entry.record.time < query.sinceTime) return false;
  return query.grep === undefined || query.grep.test(entry.record.text);
}

/** Orders entries by time; entries of the same time keep their order (sort is stable). */
function byTime(entries: LogEntry[]): LogEntry[] {
  return entries.sort((a, b) => (a.record.time < b.record.time ? -1 : a.record.time > b.record.time ? 1 : 0));
}

/** Every line a query selects, in time order across attempts and containers. */
export async function readWorkflowLogs(reader: LogReader, query: LogQuery = {}): Promise<LogEntry[]> {
  const sources = selectLogSources(await reader.index(), query);
  const perSource = await Promise.all(
    sources.map(async ({ attempt, container }) => {
      const records = await reader.read({ nodeId: attempt.nodeId, container }, { tail: query.tail });
      return records.map((record) => ({ attempt, container, record }));
    }),
  );
  return byTime(perSource.flat().filter((entry) => keep(entry, query)));
}

export interface FollowOptions {
  readonly signal?: AbortSignal;
  /**
   * Resolves when it is worth reading again. Default: the store's change notices only. The CLI
   * adds a timer so that a writer that died without a word is noticed (see writerAlive).
   */
  readonly wake?: (watch: LogWatch, signal?: AbortSignal) => Promise<void>;
}

interface OpenSource extends LogSource {
  readonly cursor: ReturnType<LogReader['cursor']>;
  first: boolean;
}

/**
 * Lines as they are written, each batch in time order, until the run has ended (or its writer is
 * gone) and everything has been read, or `signal` aborts. Starts with what is already there.
 */
export async function* followWorkflowLogs(
  reader: LogReader,
  query: LogQuery = {},
  options: FollowOptions = {},
): AsyncGenerator<LogEntry[]> {
  const watch = reader.watch();
  const sources = new Map<string, OpenSource>();
  const wake = options.wake ?? ((w: LogWatch, signal?: AbortSignal) => w.changed(signal));
  try {
    while (!options.signal?.aborted) {
      // Read the index before the logs: once it says "ended", the logs read next are complete.
      const index = await reader.index();
      const over = index.ended !== undefined || (index.run !== undefined && !reader.writerAlive(index.run));
      openNewSources(reader, watch, index, query, sources);
      const batch = await readNewLines([...sources.values()], query, over);
      if (batch.length > 0) yield batch;
      if (over) return;
      await wake(watch, options.signal);
    }
  } finally {
    watch.close();
  }
}

function openNewSources(
  reader: LogReader,
  watch: LogWatch,
  index: LogIndex,
  query: LogQuery,
  sources: Map<string, OpenSource>,
): void {
  for (const { attempt, container } of selectLogSources(index, query)) {
    const key = `${attempt.nodeId}\u0000${container}`;
    if (sources.has(key)) continue;
    watch.add(attempt.nodeId);
    const cursor = reader.cursor({ nodeId: attempt.nodeId, container });
    sources.set(key, { attempt, container, cursor, first: true });
  }
}

async function readNewLines(
  sources: readonly OpenSource[],
  query: LogQuery,
  final: boolean,
): Promise<LogEntry[]> {
  const read = await Promise.all(
    sources.map(async (source) => {
      let records = await source.cursor.read();
      if (final) records = [...records, ...source.cursor.flush()];
      if (source.first && query.tail !== undefined)
        records = records.slice(Math.max(0, records.length - query.tail));
      source.first = false;
      return records.map((record) => ({ attempt: source.attempt, container: source.container, record }));
    }),
  );
  return byTime(read.flat().filter((entry) => keep(entry, query)));
}

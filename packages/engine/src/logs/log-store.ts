/**
 * The LogStore port: where the engine keeps every step attempt's output. The engine writes
 * (`beginRun`, `beginAttempt`, `append`, `endRun`); `weft logs`, `weft run` and later the
 * server's `/api/v1/workflows/{ns}/{name}/log` read (`index`, `read`, `cursor`, `watch`) through
 * ./log-query.ts. The file implementation is ./file-log-store.ts.
 */
import type { LogRecord } from './log-record.js';

/** What a container is to its Pod; `argo logs` shows the `main` container by default. */
export type ContainerRole = 'init' | 'main' | 'sidecar';

/** One run of a workflow, as the log store knows it. */
export interface LogRun {
  readonly workflowName: string;
  /** The process that runs the workflow, so a reader can tell a crashed run from a running one. */
  readonly pid: number;
  readonly startedAt: string;
}

/** One attempt of a step: a workflow node of type Pod (a retried step has one node per attempt). */
export interface LogAttempt {
  readonly nodeId: string;
  /** `status.nodes[id].displayName`, e.g. `build`, `build(1)` for the second attempt. */
  readonly displayName: string;
  /** `status.nodes[id].name`, e.g. `my-wf[0].build(1)`. */
  readonly nodeName: string;
  readonly podName: string;
  readonly templateName?: string;
  readonly containers: readonly { readonly name: string; readonly role: ContainerRole }[];
  readonly startedAt: string;
}

/** Everything known about a run's logs so far. */
export interface LogIndex {
  readonly run?: LogRun;
  /** In the order the attempts started. */
  readonly attempts: readonly LogAttempt[];
  /** Set once the run has ended: nothing more will be written. */
  readonly ended?: { readonly phase: string; readonly finishedAt: string };
}

/** One container's log within one attempt. */
export interface ContainerLogRef {
  readonly nodeId: string;
  readonly container: string;
}

/** Reads a log from its start, then whatever is appended; see LogFileCursor. */
export interface LogCursor {
  read(): Promise<LogRecord[]>;
  /** Lines left unfinished; call once nothing more will be written. */
  flush(): LogRecord[];
}

/** Signals that something in the store may have changed (new lines, attempts, or the end). */
export interface LogWatch {
  /** Also watch this attempt's logs (a no-op for stores that push every change). */
  add(nodeId: string): void;
  /** Resolves at the next change after the previous call (at once if one already happened). */
  changed(signal?: AbortSignal): Promise<void>;
  close(): void;
}

export interface LogWriter {
  /** Starts a run's logs; attempts of an earlier run kept in the same place are forgotten. */
  beginRun(run: LogRun): void;
  /** Records an attempt before its containers start (so followers find it). */
  beginAttempt(attempt: LogAttempt): void;
  /** Appends lines captured by a runtime that does not write the store itself. */
  append(ref: ContainerLogRef, records: readonly LogRecord[]): void;
  /** Marks the run ended: followers stop once they have read everything. */
  endRun(phase: string, finishedAt: string): void;
}

export interface LogReader {
  index(): Promise<LogIndex>;
  /** A container's lines: all, or only the last `tail`. */
  read(ref: ContainerLogRef, options?: { readonly tail?: number }): Promise<LogRecord[]>;
  /** A cursor positioned at the start of a container's log. */
  cursor(ref: ContainerLogRef): LogCursor;
  /** Starts watching for changes; close it when done. */
  watch(): LogWatch;
  /** Whether the process writing the run is still alive (false once it crashed or ended). */
  writerAlive(run: LogRun): boolean;
}

export type LogStore = LogWriter & LogReader;

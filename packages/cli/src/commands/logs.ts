/**
 * `weft logs [RUN] [NODE]`: a run's step logs as `argo logs` prints a workflow's, read through the
 * engine's log store and reader (the same ones `weft run` uses for failed steps).
 *
 * `--follow` waits on the kernel's change notices for the run's files (fs.watch), plus a timer
 * every FOLLOW_FALLBACK_MS: it catches what notices can miss (file systems without inotify, running
 * out of watches) and notices a `weft run` that died without writing its end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FileLogStore,
  followWorkflowLogs,
  formatLogEntry,
  type LogEntry,
  type LogQuery,
  type LogWatch,
  matchesNode,
  readWorkflowLogs,
  toLogTime,
} from '@weft/engine';
import { InvalidInputError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { resolveLogsRunDir } from '../logs/run-dir.js';
import type { LogsArgs } from '../logs-args.js';

export const FOLLOW_FALLBACK_MS = 500;

/** The engine's query for the command line's flags; `now` anchors `--since`. */
export function logQueryOf(args: LogsArgs, now: number): LogQuery {
  const since = args.sinceMs === undefined ? args.sinceTime : now - args.sinceMs;
  return {
    ...(args.node === undefined ? {} : { node: args.node }),
    ...(args.container === undefined ? {} : { container: args.container }),
    ...(args.grep === undefined ? {} : { grep: args.grep }),
    ...(args.tail === undefined ? {} : { tail: args.tail }),
    ...(since === undefined ? {} : { sinceTime: toLogTime(since) }),
  };
}

/** Resolves at the store's next change notice or after FOLLOW_FALLBACK_MS, whichever comes first. */
async function changeOrTimeout(watch: LogWatch, signal?: AbortSignal): Promise<void> {
  const timer = new AbortController();
  const stop = () => timer.abort();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([
      watch.changed(timer.signal),
      sleep(FOLLOW_FALLBACK_MS, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
  } finally {
    timer.abort();
    signal?.removeEventListener('abort', stop);
  }
}

export async function logsCommand(args: LogsArgs, io: CliIo): Promise<ExitCode> {
  const runDir = await resolveLogsRunDir(args.run, io.cwd);
  const store = new FileLogStore(runDir);
  const query = logQueryOf(args, Date.now());
  const color = !args.noColor && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const print = (entries: readonly LogEntry[]) => {
    if (entries.length === 0) return;
    const lines = entries.map((entry) => formatLogEntry(entry, { timestamps: args.timestamps, color }));
    io.stdout.write(`${lines.join('\n')}\n`);
  };
  if (!args.follow) {
    await expectNode(store, args.node, runDir);
    print(await readWorkflowLogs(store, query));
    return ExitCode.Ok;
  }
  const controller = new AbortController();
  const removeHandler = io.onInterrupt(() => controller.abort());
  try {
    const batches = followWorkflowLogs(store, query, { signal: controller.signal, wake: changeOrTimeout });
    for await (const batch of batches) print(batch);
  } finally {
    removeHandler();
  }
  return ExitCode.Ok;
}

/** A node that no attempt of the run matches is an error, naming the steps there are. */
async function expectNode(store: FileLogStore, node: string | undefined, runDir: string): Promise<void> {
  if (node === undefined) return;
  const { attempts } = await store.index();
  if (attempts.some((attempt) => matchesNode(attempt, node))) return;
  const names = attempts.map((attempt) => attempt.displayName);
  throw new InvalidInputError([
    `weft: no step "${node}" in ${runDir}${names.length > 0 ? ` (steps: ${names.join(', ')})` : ''}`,
  ]);
}

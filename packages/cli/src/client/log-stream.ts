/** Prints a workflow's log stream from the server as `argo logs` does: `POD: line`, pods coloured on a terminal. */
import type { ArgoApi, LogEntry, LogOptions } from './api.js';

const colors = [31, 32, 33, 34, 35, 36];

/** The same colour for the same pod every time. */
export function podColor(podName: string): number {
  let hash = 0;
  for (const char of podName) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return colors[hash % colors.length] as number;
}

export function formatLogLine(entry: LogEntry, color: boolean): string {
  const pod = entry.podName ?? '';
  const prefix = color && pod ? `\u001b[${podColor(pod)}m${pod}:\u001b[0m` : `${pod}:`;
  return pod ? `${prefix} ${entry.content}` : entry.content;
}

/** Streams until the server ends the stream (with `follow`: when the workflow has finished). */
export async function printLogs(
  api: ArgoApi,
  namespace: string,
  name: string,
  options: LogOptions,
  write: (text: string) => void,
  color: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const entries = await api.workflowLogs(namespace, name, options, signal);
  for await (const value of entries) {
    const entry = value as LogEntry;
    if (typeof entry?.content !== 'string') continue;
    write(`${formatLogLine(entry, color)}\n`);
  }
}

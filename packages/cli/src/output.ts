/** What `weft run` prints when the workflow has ended: the final object or tree, and failed steps' logs. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeStatus, Workflow } from '@weft/core';
import { stringify as stringifyYaml } from 'yaml';
import type { OutputFormat } from './args.js';
import { renderTree } from './render/tree.js';

/** The final report for stdout: pretty JSON, YAML, or the node tree (default and `wide`). */
export function formatFinalOutput(
  workflow: Workflow,
  format: OutputFormat | undefined,
  now: Date,
  color = false,
): string {
  if (format === 'json') return `${JSON.stringify(workflow, null, 2)}\n`;
  if (format === 'yaml') return stringifyYaml(workflow);
  return `${renderTree(workflow, now, { wide: format === 'wide', color }).join('\n')}\n`;
}

/**
 * Pods that failed or errored, in start order, when the workflow did not succeed. Of a retried step only
 * the last attempt counts: earlier attempts were superseded.
 */
export function failedSteps(workflow: Workflow): NodeStatus[] {
  if (workflow.status?.phase === 'Succeeded') return [];
  const nodes = workflow.status?.nodes ?? {};
  const superseded = new Set<string>();
  for (const node of Object.values(nodes)) {
    if (node.type !== 'Retry') continue;
    const attempts = (node.children ?? []).filter((id) => nodes[id]?.type === 'Pod');
    for (const id of attempts.slice(0, -1)) superseded.add(id);
  }
  return Object.values(nodes)
    .filter((node) => node.type === 'Pod' && (node.phase === 'Failed' || node.phase === 'Error'))
    .filter((node) => !superseded.has(node.id))
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
}

/** The last `count` lines of a text, ignoring one trailing newline. */
export function lastLines(text: string, count: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(Math.max(0, lines.length - count));
}

/** For every failed step: a heading and the tail of each of its log files. Missing logs are skipped. */
export async function failedStepLogs(
  workflow: Workflow,
  logDirs: Readonly<Record<string, string>>,
  count = 20,
): Promise<string[]> {
  const out: string[] = [];
  for (const node of failedSteps(workflow)) {
    const dir = logDirs[node.id];
    if (!dir) continue;
    for (const file of await logFiles(dir)) {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text.trim() === '') continue;
      out.push(`--- ${node.displayName} (${node.phase}): last ${count} lines of ${file}`);
      out.push(...lastLines(text, count));
    }
  }
  return out;
}

async function logFiles(dir: string): Promise<string[]> {
  for (const candidate of [join(dir, 'logs'), dir]) {
    const names = await readdir(candidate).catch(() => [] as string[]);
    const logs = names.filter((name) => name.endsWith('.log')).sort();
    if (logs.length > 0) return logs.map((name) => join(candidate, name));
  }
  return [];
}

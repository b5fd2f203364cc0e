/** What `weft run` prints when the workflow has ended: the final object or tree, and failed steps' logs. */
import type { NodeStatus, Workflow } from '@weft/core';
import { FileLogStore, formatLogEntry } from '@weft/engine';
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

/**
 * For every failed step: a heading and the last `count` lines of each of its containers, read and
 * formatted as `weft logs` does. Steps without output are skipped.
 */
export async function failedStepLogs(workflow: Workflow, runDir: string, count = 20): Promise<string[]> {
  const store = new FileLogStore(runDir);
  const { attempts } = await store.index();
  const out: string[] = [];
  for (const node of failedSteps(workflow)) {
    const attempt = attempts.find((candidate) => candidate.nodeId === node.id);
    if (!attempt) continue;
    const lines: string[] = [];
    for (const { name: container } of attempt.containers) {
      const records = await store.read({ nodeId: node.id, container }, { tail: count });
      lines.push(...records.map((record) => formatLogEntry({ attempt, container, record })));
    }
    if (lines.length === 0) continue;
    out.push(`--- ${node.displayName} (${node.phase}): last ${count} lines`, ...lines);
  }
  return out;
}

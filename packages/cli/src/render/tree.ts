/**
 * `renderTree(workflow, now)`: the `argo get`-style view of a workflow as lines of text. Pure.
 *
 *   Name:                steps-x7k2p
 *   Status:              Running
 *   Duration:            12s
 *   Progress:            1/3
 *
 *   STEP            TEMPLATE           PODNAME       DURATION  MESSAGE
 *    ● steps-x7k2p  hello-hello-hello                12s
 *    ├───✔ hello1   print-message      steps-x7k2p…  2s
 *    └─┬─● hello2a  print-message      steps-x7k2p…  10s
 *      └─● hello2b  print-message      steps-x7k2p…  10s
 *
 * Step groups get no row of their own: their steps hang off one branch (`┬─ ├─ └─`); a retry with
 * a single attempt shows only the attempt; omitted nodes are hidden; `onExit` trees follow the main
 * tree after a blank line.
 */
import type { NodeStatus, Workflow } from '@weft/core';
import { buildForest, type DisplayNode } from './forest.js';
import { elapsed, paintIcon, phaseIcon, suspendedIcon } from './format.js';

export interface RenderOptions {
  /** Colour the phase icons with ANSI codes. */
  readonly color?: boolean;
  /** Add the ARTIFACTS column (`-o wide`). */
  readonly wide?: boolean;
  /** Cut every table line to this many characters (so a terminal never wraps it). */
  readonly maxWidth?: number;
}

interface Row {
  readonly cells: readonly string[];
  /** Index in the first cell of the phase icon, so it can be coloured after widths are measured. */
  readonly iconAt?: number;
}

export function renderTree(workflow: Workflow, now: Date, options: RenderOptions = {}): string[] {
  const table = renderNodeTable(workflow, now, options);
  return table.length > 0 ? [...renderHeader(workflow, now), '', ...table] : renderHeader(workflow, now);
}

export function renderHeader(workflow: Workflow, now: Date): string[] {
  const status = workflow.status ?? {};
  const field = (label: string, value: string) => `${`${label}:`.padEnd(20)} ${value}`.trimEnd();
  const lines = [field('Name', workflowName(workflow)), field('Status', status.phase ?? 'Pending')];
  if (status.message) lines.push(field('Message', status.message));
  if (status.startedAt) lines.push(field('Duration', elapsed(status.startedAt, status.finishedAt, now)));
  lines.push(field('Progress', status.progress ?? ''));
  return lines;
}

export function workflowName(workflow: Workflow): string {
  return workflow.metadata?.name ?? workflow.metadata?.generateName ?? '';
}

/** The node table alone (header row plus one row per displayed node); empty when there are no nodes. */
export function renderNodeTable(workflow: Workflow, now: Date, options: RenderOptions = {}): string[] {
  const roots = buildForest(workflow.status?.nodes ?? {}, workflowName(workflow));
  if (roots.length === 0) return [];
  const heading = options.wide
    ? ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'ARTIFACTS', 'MESSAGE']
    : ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE'];
  const rows: Row[] = [{ cells: heading }];
  roots.forEach((root, i) => {
    if (i > 0 && isOnExitRoot(root)) rows.push({ cells: heading.map(() => '') });
    renderSubtree(root, ' ', ' ', (node, prefix) => rows.push(nodeRow(node, prefix, now, options)));
  });
  return layout(rows, options.color ?? false, options.maxWidth);
}

function isOnExitRoot(root: DisplayNode): boolean {
  return root.node.name?.endsWith('.onExit') ?? false;
}

/** Hidden nodes: a retry with one attempt, omitted nodes; step groups are hidden and indent their steps. */
function filterOf({ node, children }: DisplayNode): { hidden: boolean; indentChildren: boolean } {
  if (node.type === 'StepGroup') return { hidden: true, indentChildren: true };
  if (node.type === 'Retry' && children.length === 1) return { hidden: true, indentChildren: false };
  if (node.type === 'Skipped' && node.phase === 'Omitted') return { hidden: true, indentChildren: false };
  return { hidden: false, indentChildren: false };
}

type Emit = (node: NodeStatus, prefix: string) => void;

function renderSubtree(item: DisplayNode, nodePrefix: string, childPrefix: string, emit: Emit): void {
  const { hidden, indentChildren } = filterOf(item);
  if (!hidden) emit(item.node, nodePrefix);
  const last = item.children.length - 1;
  item.children.forEach((child, i) => {
    const [part, sub] = branchGlyphs(hidden, indentChildren, i, last);
    const base = hidden && i === 0 ? nodePrefix : childPrefix;
    renderSubtree(child, base + part, childPrefix + sub, emit);
  });
}

/** The branch drawn before a child, and the continuation drawn before that child's own children. */
function branchGlyphs(parentHidden: boolean, indent: boolean, index: number, last: number): [string, string] {
  if (parentHidden && !indent) return ['', ''];
  if (parentHidden) {
    if (last === 0) return ['──', '  '];
    if (index === 0) return ['┬─', '│ '];
  }
  return index === last ? ['└─', '  '] : ['├─', '│ '];
}

function nodeRow(node: NodeStatus, prefix: string, now: Date, options: RenderOptions): Row {
  const waiting = node.type === 'Suspend' && node.phase === 'Running';
  const icon = waiting ? suspendedIcon : (phaseIcon[node.phase] ?? '?');
  const template = node.templateRef
    ? `${node.templateRef.name ?? ''}/${node.templateRef.template ?? ''}`
    : (node.templateName ?? '');
  const podName = node.type === 'Pod' ? node.id : '';
  const duration = elapsed(node.startedAt, node.finishedAt, now);
  const message = oneLine(node.message ?? '');
  const step = `${prefix}${icon} ${node.displayName ?? node.name ?? node.id}`;
  const cells = options.wide
    ? [step, template, podName, duration, artifactNames(node), message]
    : [step, template, podName, duration, message];
  return { cells, iconAt: prefix.length };
}

function artifactNames(node: NodeStatus): string {
  return (node.outputs?.artifacts ?? []).map((a) => a.name).join(',');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Pads columns to their widest cell plus two spaces, like a tabwriter; trailing blanks trimmed. */
function layout(rows: readonly Row[], color: boolean, maxWidth = Number.POSITIVE_INFINITY): string[] {
  const widths: number[] = [];
  for (const { cells } of rows) {
    cells.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(({ cells, iconAt }) => {
    const padded = cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] + 2)));
    const line = padded.join('').trimEnd().slice(0, maxWidth);
    if (!color || iconAt === undefined || iconAt >= line.length) return line;
    return line.slice(0, iconAt) + paintIcon(line.charAt(iconAt)) + line.slice(iconAt + 1);
  });
}

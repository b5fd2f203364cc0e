/**
 * The live view on stderr while a workflow runs. On a terminal the tree is redrawn in place
 * (cursor up + clear), at most ten times a second and once a second for ticking durations;
 * elsewhere, plain progress lines are appended.
 */
import type { Workflow } from '@weft/core';
import { progressLines } from './progress-lines.js';
import { renderTree } from './tree.js';

export interface LiveStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

export interface LiveDisplay {
  /** Called with the live workflow after every batch of changes; cheap. */
  update(workflow: Workflow): void;
  /** Prints one line above the live region (which is redrawn below it on a terminal). */
  message(line: string): void;
  /** Stops redrawing. `erase` clears the live region (when the final tree goes to the same terminal). */
  finish(workflow: Workflow, options?: { erase?: boolean }): void;
}

const MIN_REDRAW_MS = 100;
const TICK_MS = 1000;
const ESC = '\u001b[';

export interface LiveOptions {
  /** Colour the phase icons on a terminal (default true; off for NO_COLOR). */
  readonly color?: boolean;
  readonly clock?: () => Date;
}

export function createLiveDisplay(stream: LiveStream, options: LiveOptions = {}): LiveDisplay {
  const clock = options.clock ?? (() => new Date());
  return stream.isTTY
    ? createTerminalDisplay(stream, clock, options.color ?? true)
    : createLogDisplay(stream, clock);
}

function createLogDisplay(stream: LiveStream, clock: () => Date): LiveDisplay {
  let seen: ReadonlyMap<string, string> = new Map();
  const report = (workflow: Workflow) => {
    const result = progressLines(workflow, seen, clock());
    seen = result.seen;
    for (const line of result.lines) stream.write(`${line}\n`);
  };
  return { update: report, message: (line) => stream.write(`${line}\n`), finish: report };
}

function createTerminalDisplay(stream: LiveStream, clock: () => Date, color: boolean): LiveDisplay {
  let latest: Workflow | undefined;
  let drawnLines = 0;
  let lastDraw = 0;
  let pending: NodeJS.Timeout | undefined;
  const clear = () => {
    if (drawnLines > 0) stream.write(`${ESC}${drawnLines}A\r${ESC}J`);
    drawnLines = 0;
  };
  const draw = () => {
    pending = undefined;
    if (!latest) return;
    const lines = fitToScreen(latest, clock(), stream, color);
    clear();
    stream.write(`${lines.join('\n')}\n`);
    drawnLines = lines.length;
    lastDraw = Date.now();
  };
  const ticker = setInterval(draw, TICK_MS);
  ticker.unref();
  const update = (workflow: Workflow) => {
    latest = workflow;
    if (pending) return;
    const wait = Math.max(0, lastDraw + MIN_REDRAW_MS - Date.now());
    pending = setTimeout(draw, wait);
  };
  return {
    update,
    message(line) {
      const redraw = drawnLines > 0;
      clear();
      stream.write(`${line}\n`);
      if (redraw && latest) update(latest);
    },
    finish(workflow, options = {}) {
      clearInterval(ticker);
      if (pending) clearTimeout(pending);
      pending = undefined;
      latest = workflow;
      if (options.erase) clear();
      else draw();
    },
  };
}

function fitToScreen(workflow: Workflow, now: Date, stream: LiveStream, color: boolean): string[] {
  const width = Math.max(20, (stream.columns || 120) - 1);
  const height = Math.max(5, (stream.rows || 40) - 1);
  const lines = renderTree(workflow, now, { color, maxWidth: width }).map((line) =>
    line.includes(ESC) ? line : line.slice(0, width),
  );
  if (lines.length <= height) return lines;
  const hidden = lines.length - (height - 1);
  return [...lines.slice(0, height - 1), `… ${hidden} more lines`];
}

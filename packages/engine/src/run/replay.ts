/**
 * Rebuilding a workflow's state from its journal: the reducer is pure and every event was
 * recorded with the time it was applied at, so applying the same records to the same initial
 * state gives the same state — and the commands no later event answered (./outstanding.ts).
 */
import { advance, isoSeconds, type WorkflowCommand, type WorkflowState } from '@weft/core';
import type { JournalRecord } from './execution.js';
import { Outstanding } from './outstanding.js';

export interface ApplyOptions {
  readonly transientErrorPattern?: string;
  readonly log?: (line: string) => void;
}

/** Applies one record; an invariant error (a bug) ends the run as Error rather than hanging it. */
export function applyRecord(
  state: WorkflowState,
  record: JournalRecord,
  options: ApplyOptions,
): readonly WorkflowCommand[] {
  try {
    return advance(state, record.event, {
      now: record.now,
      transientErrorPattern: options.transientErrorPattern,
    }).commands;
  } catch (error) {
    const message = `internal error while handling ${record.event.type}: ${(error as Error).message}`;
    options.log?.(`${message}${process.env.WEFT_DEBUG ? `\n${(error as Error).stack}` : ''}`);
    state.phase = 'Error';
    state.message = message;
    state.finishedAt = isoSeconds(record.now);
    return [{ type: 'WorkflowCompleted', phase: 'Error' }];
  }
}

/** Applies `records` to `state` (mutated) and returns what is still outstanding. */
export function replayRecords(
  state: WorkflowState,
  records: readonly JournalRecord[],
  options: ApplyOptions = {},
): Outstanding {
  const outstanding = new Outstanding();
  for (const record of records) {
    outstanding.answer(record.event);
    for (const command of applyRecord(state, record, options)) outstanding.record(command);
  }
  state.changed.clear();
  return outstanding;
}

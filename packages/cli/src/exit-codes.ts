/** The one place that maps outcomes to process exit codes. */
import { InvalidInputError as CoreInvalidInputError } from '@weft/core';
import { ControlError, InvalidInputError, UsageError } from './errors.js';

export const ExitCode = {
  /** The workflow Succeeded, or the command did what was asked (lint clean, help, version). */
  Ok: 0,
  /** The workflow ran and Failed or Errored. */
  WorkflowFailed: 1,
  /** `weft resume/stop/terminate/node set`: the run is not running, or refused the request. */
  ControlFailed: 1,
  /** Invalid input: bad command line, missing file, invalid YAML, invalid manifest; nothing was run. */
  InvalidInput: 2,
  /** An internal error (a bug). */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for a finished workflow's `status.phase`. */
export function exitCodeForPhase(phase: string | undefined): ExitCode {
  return phase === 'Succeeded' ? ExitCode.Ok : ExitCode.WorkflowFailed;
}

/** Exit code for an error that reached the top of the CLI. */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof InvalidInputError) return ExitCode.InvalidInput;
  // Invalid input the engine finds only at run time (e.g. an unresolvable templateRef).
  if (error instanceof CoreInvalidInputError) return ExitCode.InvalidInput;
  if (error instanceof ControlError) return ExitCode.ControlFailed;
  return ExitCode.Internal;
}

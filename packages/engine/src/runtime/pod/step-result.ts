/** What a step reports, from how its containers ended: the same mapping for every runtime. */
import { constants } from 'node:os';
import { secretValuesOf } from '../../secrets/pod-secrets.js';
import { createRedactor, type Redactor, redactDeep } from '../../secrets/redactor.js';
import type { StartStepRequest, StepResult } from '../types.js';
import type { PodOutcome } from './pod-run.js';
import { removeSecretVolumes } from './secret-volumes.js';

type ExitFields = Pick<StepResult, 'id' | 'exitCode' | 'signal' | 'error' | 'stdout'>;

/** Maps how the containers ended onto the step's exit code, signal and Argo-style error. */
export function stepResult(id: string, outcome: PodOutcome, missingArtifact: string | undefined): ExitFields {
  const primaryExit = outcome.primary?.exit;
  const stdout = primaryExit?.stdout ?? '';
  if (outcome.killed) {
    const signal = primaryExit?.signal || signalOfCode(primaryExit?.code) || 'SIGTERM';
    return { id, exitCode: null, signal, error: 'step terminated', stdout };
  }
  if (outcome.error !== undefined) return { id, exitCode: null, error: outcome.error, stdout };
  const failed = outcome.failed;
  if (failed !== undefined) {
    const exit = failed.exit;
    // Killed by a signal from outside weft: exit code 128 + n, a Failed step ("Error (exit code 137)"),
    // as Kubernetes reports a main container killed by a signal and Argo shows it.
    const code = exit?.signal ? signalExitCode(exit.signal) : (exit?.code ?? null);
    const base = { id, exitCode: failed.error === undefined ? code : null, stdout };
    const signal = exit?.signal ? { signal: exit.signal } : {};
    return { ...base, ...signal, ...(failed.error === undefined ? {} : { error: failed.error }) };
  }
  const exitCode = primaryExit?.code ?? null;
  if (missingArtifact !== undefined && exitCode === 0)
    return { id, exitCode, error: missingArtifact, stdout };
  return { id, exitCode, stdout };
}

/** A shell's exit code for a process killed by `signal`: 128 + its number. */
function signalExitCode(signal: string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 9);
}

/** The signal a shell's exit code above 128 stands for (a container's init reports signals so). */
function signalOfCode(code: number | null | undefined): string | undefined {
  if (typeof code !== 'number' || code <= 128) return undefined;
  return Object.entries(constants.signals).find(([, value]) => value === code - 128)?.[0];
}

/** The result of a step that could not run at all. */
export function failure(id: string, error: string, startedAt = Date.now()): StepResult {
  return {
    id,
    exitCode: null,
    error,
    stdout: '',
    parameters: {},
    artifacts: [],
    startedAt,
    finishedAt: Date.now(),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replaces the values of the Secrets a step was given (in every form) with `[redacted]`. */
export function requestRedactor(request: StartStepRequest): Redactor {
  return createRedactor(secretValuesOf(request.secretData));
}

/** What a step reports, with the values of the Secrets it was given redacted. */
export function redactResult(result: StepResult, redactor: Redactor): StepResult {
  if (redactor.empty) return result;
  return {
    ...result,
    stdout: redactor.redact(result.stdout),
    parameters: redactDeep(result.parameters, redactor),
    ...(result.error === undefined ? {} : { error: redactor.redact(result.error) }),
  };
}

/**
 * A step's end, however its run went: its result (a failure when running it threw), after its
 * secret volumes are removed, with the values of its Secrets redacted.
 */
export async function settleStep(
  request: StartStepRequest,
  running: Promise<StepResult>,
  redactor: Redactor,
): Promise<StepResult> {
  const result = await running.catch((error: unknown) =>
    failure(request.id, `step could not run: ${messageOf(error)}`),
  );
  if (request.secretData) await removeSecretVolumes(request.stepDir).catch(() => undefined);
  return redactResult(result, redactor);
}

import { constants } from 'node:os';
import type { StepResult } from '../types.js';
import type { PodOutcome } from './pod-run.js';

type ExitFields = Pick<StepResult, 'id' | 'exitCode' | 'signal' | 'error' | 'stdout'>;

/** Maps how the containers ended onto the step's exit code, signal and Argo-style error (as the host runtime). */
export function stepResult(id: string, outcome: PodOutcome, missingArtifact: string | undefined): ExitFields {
  const stdout = outcome.primary?.stdout ?? '';
  if (outcome.killed) {
    const code = outcome.primary?.code;
    const signal = typeof code === 'number' && code > 128 ? (signalName(code - 128) ?? 'SIGTERM') : 'SIGTERM';
    return { id, exitCode: null, signal, error: 'step terminated', stdout };
  }
  if (outcome.error !== undefined) return { id, exitCode: null, error: outcome.error, stdout };
  const failed = outcome.failed;
  if (failed !== undefined) {
    if (failed.error !== undefined) return { id, exitCode: null, error: failed.error, stdout };
    return { id, exitCode: failed.code ?? null, stdout };
  }
  const exitCode = outcome.primary?.code ?? null;
  if (missingArtifact !== undefined && exitCode === 0)
    return { id, exitCode, error: missingArtifact, stdout };
  return { id, exitCode, stdout };
}

function signalName(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, value]) => value === number)?.[0];
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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

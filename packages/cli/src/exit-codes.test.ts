import { describe, expect, it } from 'vitest';
import { InvalidInputError, UsageError } from './errors.js';
import { ExitCode, exitCodeForError, exitCodeForPhase } from './exit-codes.js';

describe('exit codes', () => {
  it('exits 0 only when the workflow Succeeded', () => {
    expect(exitCodeForPhase('Succeeded')).toBe(0);
  });

  it('exits 1 when the workflow Failed, Errored or never reached a final phase', () => {
    expect(exitCodeForPhase('Failed')).toBe(1);
    expect(exitCodeForPhase('Error')).toBe(1);
    expect(exitCodeForPhase('Running')).toBe(1);
    expect(exitCodeForPhase(undefined)).toBe(1);
  });

  it('exits 2 for a bad command line or invalid input', () => {
    expect(exitCodeForError(new UsageError('unknown flag'))).toBe(ExitCode.InvalidInput);
    expect(exitCodeForError(new InvalidInputError(['wf.yaml: no such file']))).toBe(2);
  });

  it('exits 3 for internal errors', () => {
    expect(exitCodeForError(new TypeError('boom'))).toBe(ExitCode.Internal);
    expect(exitCodeForError('a string')).toBe(3);
  });
});

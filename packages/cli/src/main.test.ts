import { InvalidInputError as CoreInvalidInputError } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, UsageError } from './errors.js';
import { exitCodeForError } from './exit-codes.js';
import { describeError } from './main.js';

describe('describeError', () => {
  it('shows the message and the usage of the command for a usage error', () => {
    expect(describeError(new UsageError('unknown flag "--x"', 'lint'), false)).toMatch(
      /^weft: unknown flag "--x"\n\nUsage:\n {2}weft lint FILE/,
    );
  });

  it('lists every input problem, one per line', () => {
    expect(describeError(new InvalidInputError(['a.yaml: no such file', 'b.yaml:3: bad']), false)).toBe(
      'a.yaml: no such file\nb.yaml:3: bad\n',
    );
  });

  it('lists the issues of an invalid-input error raised by the core, and exits 2 for it', () => {
    const error = new CoreInvalidInputError([
      { code: 'x', path: 'spec.entrypoint', message: 'unknown template' },
    ]);
    expect(describeError(error, false)).toBe('spec.entrypoint: unknown template\n');
    expect(exitCodeForError(error)).toBe(2);
  });

  it('prints one line for an internal error, and the stack only with WEFT_DEBUG=1', () => {
    const error = new Error('database is locked\nmore detail');
    expect(describeError(error, false)).toBe(
      'weft: internal error: database is locked (set WEFT_DEBUG=1 for details)\n',
    );
    expect(describeError(error, true)).toContain('    at ');
  });
});

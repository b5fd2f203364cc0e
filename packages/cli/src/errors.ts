/** The CLI's error taxonomy. Every error that reaches the top is one of these or a bug. */

/** The command line itself is wrong: unknown command or flag, bad flag value. Usage is shown. */
export class UsageError extends Error {
  /** Which command's usage to show (`undefined` for the top-level usage). */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** The input files are wrong: missing, unreadable, invalid YAML, invalid objects. Lines are pre-formatted. */
export class InvalidInputError extends Error {
  readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'InvalidInputError';
    this.lines = lines;
  }
}

/** A request to a running workflow could not be carried out: no such run, not running, or refused. */
export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlError';
  }
}
